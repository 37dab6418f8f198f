// Reads a PNG screenshot's pixels inside the browser (no image library needed) and
// summarises how much of it differs from a background colour and how much is near-white
// (text, in ImGui's default dark style).
export async function summarisePixels(page, pngBuffer, background, tolerance = 6) {
  return page.evaluate(async ({ base64, background, tolerance }) => {
    const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let differing = 0;
    let bright = 0;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      colours.add((r << 16) | (g << 8) | b);
      if (r > 200 && g > 200 && b > 200) bright++;
      if (Math.abs(r - background[0]) > tolerance || Math.abs(g - background[1]) > tolerance ||
          Math.abs(b - background[2]) > tolerance) differing++;
    }
    const total = data.length / 4;
    return { width: bitmap.width, height: bitmap.height, differingFraction: differing / total,
             distinctColours: colours.size, brightPixels: bright };
  }, { base64: pngBuffer.toString('base64'), background, tolerance });
}

// The fraction of pixels that differ by more than `tolerance` in any channel between two
// PNG screenshots of the same size, and how many colours the second one has.
export async function comparePixels(page, pngBefore, pngAfter, tolerance = 8) {
  return page.evaluate(async ({ before, after, tolerance }) => {
    async function pixels(base64) {
      const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
      const bitmap = await createImageBitmap(blob);
      const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
      context.drawImage(bitmap, 0, 0);
      return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    }
    const [a, b] = [await pixels(before), await pixels(after)];
    if (a.length !== b.length) throw new Error('screenshots of different sizes');
    let changed = 0;
    const colours = new Set();
    for (let i = 0; i < a.length; i += 4) {
      colours.add((b[i] << 16) | (b[i + 1] << 8) | b[i + 2]);
      if (Math.abs(a[i] - b[i]) > tolerance || Math.abs(a[i + 1] - b[i + 1]) > tolerance ||
          Math.abs(a[i + 2] - b[i + 2]) > tolerance) changed++;
    }
    return { changedFraction: changed / (a.length / 4), distinctColours: colours.size };
  }, { before: pngBefore.toString('base64'), after: pngAfter.toString('base64'), tolerance });
}
