// class-transformer ships no declaration beside cjs/storage.js; its types/storage.d.ts describes that module
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
