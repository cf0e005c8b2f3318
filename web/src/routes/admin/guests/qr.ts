// The QR library is fetched only when a link is shown (never in the first load, nor the admin
// screen's own chunk); the SVG it writes is shown as an <img>, which runs no script.
export async function qrDataUrl(text: string): Promise<string> {
  const { toString } = await import("qrcode");
  const svg = await toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
