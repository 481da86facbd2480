import { toBlob, toPng, toSvg } from 'html-to-image';

/** Controls that make no sense in a picture are marked data-export-ignore. */
function filter(node: HTMLElement): boolean {
  return !(node instanceof HTMLElement && node.dataset.exportIgnore !== undefined);
}

function options(node: HTMLElement) {
  const background = getComputedStyle(document.body).backgroundColor;
  return {
    filter,
    backgroundColor: background,
    pixelRatio: 2,
    cacheBust: false,
    width: node.scrollWidth,
    height: node.scrollHeight,
  };
}

export async function nodeToPng(node: HTMLElement): Promise<string> {
  return toPng(node, options(node));
}

export async function nodeToSvg(node: HTMLElement): Promise<string> {
  return toSvg(node, options(node));
}

export async function nodeToPngBlob(node: HTMLElement): Promise<Blob> {
  const blob = await toBlob(node, options(node));
  if (blob === null) throw new Error('The browser could not draw the picture.');
  return blob;
}

export function download(dataUrl: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = dataUrl;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}
