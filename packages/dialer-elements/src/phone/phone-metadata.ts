import type { PhoneMetadataSource } from './zone-loader.js';

/**
 * Where the phone-number metadata comes from. In this source form, shared-types parses with
 * libphonenumber's whole "min" metadata, so nothing is ever missing. The production build and the browser
 * tests replace this module (scripts/phone-zones.mjs) with one that hands libphonenumber the metadata one
 * world numbering zone at a time (zone-loader.ts, docs/adr/0022). Everything that parses or formats a
 * number in the widget asks `ready()` / `load()` first, so both forms behave the same.
 */
export const phoneMetadata: PhoneMetadataSource = {
  ready: () => true,
  load: async () => undefined
};
