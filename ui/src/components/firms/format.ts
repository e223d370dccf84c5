// Display helpers for the firm screens (money formatting is in src/money.ts).

/** A stored UTC timestamp ("2025-03-01T08:00:00.000Z") as local "2025-03-01 16:00". */
export function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** What may not appear in a file name on Windows, macOS or Linux. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'firm'
}
