/** Saves text as a file the browser downloads (a CSV export, say). */
export function downloadText(fileName: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started by now; the object URL need not outlive this tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
