// The importer's strings (namespace "imports"); the import page fills this in.
export const importsLocales = { 'zh-CN': {}, en: {} };
