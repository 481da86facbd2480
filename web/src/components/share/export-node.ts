import { toBlob, toPng } from 'html-to-image';

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

export async function nodeToPngBlob(node: HTMLElement): Promise<Blob> {
  const blob = await toBlob(node, options(node));
  if (blob === null) throw new Error('The browser could not draw the picture.');
  return blob;
}

/** Saves a data: URL or a Blob under `fileName` (the browser's download). */
export function download(data: string | Blob, fileName: string): void {
  const url = typeof data === 'string' ? data : URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Let go of the blob once the browser surely started the download (some read it late).
  if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
