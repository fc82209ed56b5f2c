import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readTable } from './index.js';
import { descriptionPairs, htmlToText, readKml, readKmz } from './kml.js';

/** What Google My Maps exports ("Export to KML/KMZ", whole map): one Folder per layer. */
const MY_MAPS_KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <Document>
    <name>กล้อง CCTV จังหวัดกระบี่</name>
    <description/>
    <Style id="icon-1899-0288D1-normal">
      <IconStyle><color>ffd18802</color><scale>1</scale><Icon><href>https://www.gstatic.com/mapspro/images/stock/503-wht-blank_maps.png</href></Icon></IconStyle>
    </Style>
    <StyleMap id="icon-1899-0288D1">
      <Pair><key>normal</key><styleUrl>#icon-1899-0288D1-normal</styleUrl></Pair>
    </StyleMap>
    <Folder>
      <name>กล้องที่ใช้งานได้</name>
      <Placemark>
        <name>KB-001 หน้าศาลากลาง</name>
        <description><![CDATA[รหัสกล้อง: KB-001<br>สถานะ: ใช้งานได้<br>ทิศทาง: NE<br>หน่วยงาน: อบจ.กระบี่ &amp; ตำรวจภูธร]]></description>
        <styleUrl>#icon-1899-0288D1</styleUrl>
        <ExtendedData>
          <Data name="รหัสกล้อง"><value>KB-001</value></Data>
          <Data name="สถานะ"><value>ใช้งานได้</value></Data>
          <Data name="ทิศทาง"><value>NE</value></Data>
        </ExtendedData>
        <Point><coordinates>
          98.9063,8.0863,0
        </coordinates></Point>
      </Placemark>
      <Placemark>
        <name>KB-002 สี่แยกวัชระ</name>
        <description><![CDATA[รหัสกล้อง: KB-002<br>สถานะ: ชำรุด<br>ทิศทาง: ]]></description>
        <styleUrl>#icon-1899-0288D1</styleUrl>
        <ExtendedData>
          <Data name="รหัสกล้อง"><value>KB-002</value></Data>
          <Data name="สถานะ"><value>ชำรุด</value></Data>
          <Data name="ทิศทาง"><value/></Data>
        </ExtendedData>
        <Point><coordinates>98.9105,8.0721,0</coordinates></Point>
      </Placemark>
    </Folder>
    <Folder>
      <name>จุดเสี่ยง</name>
      <Placemark>
        <name>ถนนเพชรเกษม ช่วงโค้งอันตราย</name>
        <description><![CDATA[<p><b>อุบัติเหตุบ่อย</b> ช่วงกลางคืน</p><p>ไม่มีไฟส่องสว่าง&nbsp;ยาว 2 กม.</p>]]></description>
        <LineString><tessellate>1</tessellate><coordinates>98.90,8.10,0 98.92,8.11,0</coordinates></LineString>
      </Placemark>
      <Placemark>
        <name>ตลาดเก่า</name>
        <description>ระดับความเสี่ยง: สูง</description>
      </Placemark>
    </Folder>
  </Document>
</kml>`;

const EXPECTED_HEADERS = ['name', 'description', 'folder', 'รหัสกล้อง', 'สถานะ', 'ทิศทาง', 'หน่วยงาน', 'ระดับความเสี่ยง'];

function checkMyMaps(t: Awaited<ReturnType<typeof readTable>>): void {
  expect(t.headers).toEqual(EXPECTED_HEADERS);
  expect(t.rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
  expect(t.rows[0]).toEqual({
    row: 1,
    fields: {
      name: 'KB-001 หน้าศาลากลาง',
      description: 'รหัสกล้อง: KB-001\nสถานะ: ใช้งานได้\nทิศทาง: NE\nหน่วยงาน: อบจ.กระบี่ & ตำรวจภูธร',
      folder: 'กล้องที่ใช้งานได้',
      รหัสกล้อง: 'KB-001',
      สถานะ: 'ใช้งานได้',
      ทิศทาง: 'NE',
      // Only in the description: parsed from its "key: value" lines.
      หน่วยงาน: 'อบจ.กระบี่ & ตำรวจภูธร',
      ระดับความเสี่ยง: null,
    },
    geometry: { type: 'Point', coordinates: [98.9063, 8.0863, 0] },
  });
  expect(t.rows[1]!.fields).toMatchObject({ สถานะ: 'ชำรุด', ทิศทาง: null, folder: 'กล้องที่ใช้งานได้' });
  expect(t.rows[2]!.fields).toMatchObject({
    name: 'ถนนเพชรเกษม ช่วงโค้งอันตราย',
    description: 'อุบัติเหตุบ่อย ช่วงกลางคืน\nไม่มีไฟส่องสว่าง ยาว 2 กม.',
    folder: 'จุดเสี่ยง',
    รหัสกล้อง: null,
  });
  expect(t.rows[2]!.geometry).toEqual({ type: 'LineString', coordinates: [[98.9, 8.1, 0], [98.92, 8.11, 0]] });
  expect(t.rows[3]!.fields).toMatchObject({ description: 'ระดับความเสี่ยง: สูง', ระดับความเสี่ยง: 'สูง' });
  expect(t.rows[3]!.geometry).toBeNull();
}

describe('readKml', () => {
  it('reads a Google My Maps KML: name, description, folder, ExtendedData, description lines, geometry', async () => {
    const t = await readTable(Buffer.from(MY_MAPS_KML), { filename: 'กล้อง CCTV จังหวัดกระบี่.kml' });
    expect(t.description).toBe('kml');
    checkMyMaps(t);
  });

  it('reads the same map as KMZ (doc.kml plus images), whatever the name', async () => {
    const kmz = Buffer.from(
      zipSync({ 'doc.kml': strToU8(MY_MAPS_KML), 'images/icon-1.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }),
    );
    const t = await readTable(kmz, { filename: 'export.zip' });
    expect(t.description).toBe('kmz doc.kml');
    checkMyMaps(t);
    const other = Buffer.from(zipSync({ 'files/layer.kml': strToU8(MY_MAPS_KML) }));
    expect(readKmz(other, { filename: 'x.kmz' }).description).toBe('kmz files/layer.kml');
  });

  it('has no folder or description column when no placemark has one; SimpleData becomes fields', () => {
    const kml = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Schema name="cams" id="cams"><SimpleField name="cam_id" type="int"/></Schema>
      <Placemark><name>A</name><ExtendedData><SchemaData schemaUrl="#cams"><SimpleData name="cam_id">12</SimpleData></SchemaData></ExtendedData>
        <MultiGeometry><Point><coordinates>100.5,13.7</coordinates></Point><Point><coordinates>100.6,13.8</coordinates></Point></MultiGeometry></Placemark>
    </Document></kml>`;
    const t = readKml(Buffer.from(kml), { filename: 'a.kml' });
    expect(t.headers).toEqual(['name', 'cam_id']);
    expect(t.rows[0]!.fields).toEqual({ name: 'A', cam_id: '12' });
    expect(t.rows[0]!.geometry?.type).toBe('GeometryCollection');
  });

  it('turns description HTML into text lines and finds key: value pairs', () => {
    expect(htmlToText('<table><tr><th>Cam_Code</th><td>KB-9</td></tr><tr><td>Status</td><td>OK</td></tr></table>')).toBe(
      'Cam_Code: KB-9\nStatus: OK',
    );
    expect(htmlToText('a&lt;b &#3585;&#x0E02; <img src="x.png"/>')).toBe('a<b กข');
    expect(descriptionPairs('Cam_Code: KB-9\nStatus: OK')).toEqual([
      ['Cam_Code', 'KB-9'],
      ['Status', 'OK'],
    ]);
    // Free text with a stray colon is not a table.
    expect(descriptionPairs('กล้องหน้าร้าน\nติดตั้งโดยเอกชน\nดูเพิ่ม: https://example.org')).toEqual([]);
    expect(descriptionPairs('10:30 ตรวจพบ')).toEqual([]);
  });

  it('reports broken KML clearly', async () => {
    await expect(readTable(Buffer.from('<kml><Document><Placemark><name>x</name></Document></kml>'), { filename: 'b.kml' })).rejects.toThrow(
      /^b\.kml: broken XML/,
    );
    await expect(readTable(Buffer.from('<?xml version="1.0"?><rss><channel/></rss>'), { filename: 'r.xml' })).rejects.toThrow(
      'r.xml: XML but not KML (the root element is <rss>)',
    );
    const link = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document><NetworkLink><name>map</name>
      <Link><href>https://www.google.com/maps/d/kml?mid=abc</href></Link></NetworkLink></Document></kml>`;
    await expect(readTable(Buffer.from(link), { filename: 'link.kml' })).rejects.toThrow(
      /^link\.kml: the KML holds only a network link to https:\/\/www\.google\.com\/maps\/d\/kml\?mid=abc, not the placemarks/,
    );
    const noKml = Buffer.from(zipSync({ 'readme.txt': strToU8('hi') }));
    expect(() => readKmz(noKml, { filename: 'n.kmz' })).toThrow('n.kmz: the KMZ archive holds no .kml file (it has: readme.txt)');
  });
});
