/** A padlock drawn inline: emoji fonts are missing on some systems, where 🔒 shows as a box. */
export function LockIcon({ label, size = 14 }: { label?: string; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      style={{ verticalAlign: "-2px", marginRight: 4, flexShrink: 0 }}
    >
      {label && <title>{label}</title>}
      <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}
