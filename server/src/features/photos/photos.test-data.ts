/** Test images made on the spot (nothing binary in the repository); browser tests get them through `@cuntu/server/tooling`. */

/** A JPEG as a phone writes it: a camera make and the GPS position of the house (21.8125° N, 111.0183° E) in EXIF. */
export async function phoneJpeg(width = 64, height = 48): Promise<Buffer> {
  const sharp = (await import('sharp')).default
  return sharp({ create: { width, height, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 48/1 45/1', GPSLongitudeRef: 'E', GPSLongitude: '111/1 1/1 6/1' } })
    .toBuffer()
}
