/// <reference types="vite/client" />
declare module 'virtual:country-codes' {
  const codes: Record<string, string>;
  export default codes;
}
declare module 'world-atlas/countries-110m.json' {
  const topology: import('topojson-specification').Topology;
  export default topology;
}
