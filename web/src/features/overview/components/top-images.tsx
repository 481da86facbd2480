import type { ImageSummary } from '@footprint/shared';
import { Link } from '../../../components/engine-link';
import { Bytes } from '../../../components/bytes';
import { Reference } from '../../../components/share/redaction';
import { imageLink } from '../../images/utils/image-link';
import { imageName } from '../../images/utils/image-name';
import { barPercents, topImagesByUnique } from '../utils/top-images';
import { TableScroll } from '../../../components/table-scroll';

/** The images whose removal alone frees the most, with a bar each (engine unique bytes). */
export function TopImages({ images }: { images: readonly ImageSummary[] }) {
  const top = topImagesByUnique(images);
  const percents = barPercents(top.map((image) => image.uniqueSize));
  return (
    <TableScroll label="Top images by unique bytes">
      <table className="top-images">
        <caption className="visually-hidden">Top images by unique bytes</caption>
        <thead>
          <tr>
            <th scope="col">Image</th>
            <th scope="col" className="bar-col">
              <span className="visually-hidden">Share of the largest</span>
            </th>
            <th scope="col" className="num">
              Unique · engine
            </th>
          </tr>
        </thead>
        <tbody>
          {top.map((image, index) => (
            <tr key={image.id} data-image-id={image.id}>
              <th scope="row">
                <Link to={imageLink(image.id)} className="mono">
                  <Reference value={imageName(image, image.id)} />
                </Link>
              </th>
              <td className="bar-col" aria-hidden="true">
                <span className="bar" style={{ width: `${percents[index]}%` }} />
              </td>
              <td className="num" data-bytes={image.uniqueSize}>
                <Bytes value={image.uniqueSize} precision={3} source="engine" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
