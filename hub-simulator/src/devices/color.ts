export function hueName(hue: number): string {
  const names: [number, string][] = [
    [4, "Red"],
    [8, "Orange"],
    [14, "Yellow"],
    [36, "Green"],
    [52, "Cyan"],
    [72, "Blue"],
    [78, "Violet"],
    [93, "Pink"],
    [100, "Red"],
  ];
  return names.find(([limit]) => hue <= limit)?.[1] ?? "Red";
}

/** Hubitat hue and saturation are percentages. */
export function hsvHex(hue: number, saturation: number, level: number): string {
  const h = (hue / 100) * 6;
  const s = saturation / 100;
  const v = level / 100;
  const i = Math.floor(h) % 6;
  const f = h - Math.floor(h);
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  const [r, g, b] = [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ][i]!;
  return (
    "#" +
    [r, g, b]
      .map((c) =>
        Math.round(c * 255)
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")
      .toUpperCase()
  );
}
