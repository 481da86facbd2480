/*
 * The exporters in one chunk of their own, loaded when a Share menu first opens: html-to-image
 * (the PNG) and the SVG and CSV writers are of no use to a page until someone shares.
 */
export { chartToSvg } from './chart-svg';
export { download, nodeToPng, nodeToPngBlob } from './export-node';
export { tableToCsv } from './table-csv';
