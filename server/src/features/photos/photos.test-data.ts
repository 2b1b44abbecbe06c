/** Test images made on the spot (nothing binary in the repository). */
import sharp from 'sharp'

/** A JPEG as a phone writes it: a camera make and the GPS position of the house in EXIF. */
export async function phoneJpeg(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 48/1 45/1', GPSLongitudeRef: 'E', GPSLongitude: '111/1 1/1 6/1' } })
    .toBuffer()
}
