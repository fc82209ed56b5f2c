import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_LANG, formatDate, formatNumber, isLang, translate, type Lang, type MessageKey } from './index';

const LANG_KEY = 'cctv-atlas.lang';
const DIGITS_KEY = 'cctv-atlas.thaiDigits';

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** Thai digits in dates and numbers (Thai mode only). */
  thaiDigits: boolean;
  setThaiDigits: (on: boolean) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  date: (d: Date) => string;
  num: (n: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled (private mode, sandboxed frame)
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    /* not persisted; the choice still holds for this page */
  }
}

/** Thai unless the visitor chose English before; keeps <html lang> and the title in step. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const s = stored(LANG_KEY);
    return isLang(s) ? s : DEFAULT_LANG;
  });
  const [thaiDigits, setDigitsState] = useState(() => stored(DIGITS_KEY) === '1');

  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    store(LANG_KEY, l);
  }, []);
  const setThaiDigits = useCallback((on: boolean) => {
    setDigitsState(on);
    store(DIGITS_KEY, on ? '1' : '0');
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.name');
  }, [lang]);

  const value = useMemo<I18n>(() => {
    const opts = { thaiDigits: lang === 'th' && thaiDigits };
    return {
      lang,
      setLang,
      thaiDigits,
      setThaiDigits,
      t: (key, params) => translate(lang, key, params),
      date: (d) => formatDate(d, lang, opts),
      num: (n) => formatNumber(n, lang, opts),
    };
  }, [lang, thaiDigits, setLang, setThaiDigits]);

  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n() needs an <I18nProvider> above it');
  return ctx;
}
