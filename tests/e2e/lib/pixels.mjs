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

// Where in a PNG screenshot of the app (`page`'s) the glyph of `codePoint` is drawn, as the
// app draws it: the page's own browser-rasterised glyph (Module.parleyRasterGlyph, the
// app's font atlas source) blended over the screenshot's most common colour, compared at
// every position. Returns the best position and its mean difference per channel (0..255)
// over the glyph's inked pixels; a glyph that is not there scores far worse.
export async function findGlyph(page, pngBuffer, codePoint) {
  return page.evaluate(async ({ base64, codePoint }) => {
    const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const background = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const bg = [background >> 16, (background >> 8) & 255, background & 255];
    const glyph = Module.parleyRasterGlyph(codePoint, 13 * window.devicePixelRatio);
    const inked = [];
    for (let y = 0; y < glyph.height; y++) {
      for (let x = 0; x < glyph.width; x++) {
        const i = (y * glyph.width + x) * 4;
        const a = glyph.pixels[i + 3] / 255;
        if (a < 0.25) continue;
        inked.push([x, y, [0, 1, 2].map((c) => bg[c] * (1 - a) + glyph.pixels[i + c] * a)]);
      }
    }
    let best = { error: Infinity, x: -1, y: -1 };
    for (let oy = 0; oy + glyph.height <= height; oy++) {
      for (let ox = 0; ox + glyph.width <= width; ox++) {
        let sum = 0;
        for (const [x, y, expected] of inked) {
          const i = ((oy + y) * width + ox + x) * 4;
          sum += Math.abs(data[i] - expected[0]) + Math.abs(data[i + 1] - expected[1]) +
                 Math.abs(data[i + 2] - expected[2]);
          if (sum >= best.error * inked.length * 3) break;
        }
        const error = sum / (inked.length * 3);
        if (error < best.error) best = { error, x: ox, y: oy };
      }
    }
    return { ...best, inkedPixels: inked.length };
  }, { base64: pngBuffer.toString('base64'), codePoint });
}
