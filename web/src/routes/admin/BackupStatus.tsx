import { Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useSessionStore } from "../../session/SessionContext";
import { ago, at } from "../../lib/time";

interface BackupRecord {
  at: string;
  kind: "manual" | "scheduled" | "pre-migration";
  ok: boolean;
  file?: string;
  sizeBytes?: number;
  error?: string;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** "Last backup: 3 hours ago, 1.2 MB", from the gateway's `/system/backup` (admins only). */
export function BackupStatus({ asked }: { asked: number }) {
  const store = useSessionStore();
  const [status, setStatus] = useState<{ last?: BackupRecord; lastOk?: BackupRecord }>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let current = true;
    const token = store.accessToken;
    fetch("/system/backup", {
      headers: { accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      cache: "no-store",
    })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        return (await res.json()) as { last?: BackupRecord; lastOk?: BackupRecord };
      })
      .then(
        (next) => current && (setStatus(next), setProblem(undefined)),
        () => current && setProblem("The backup status could not be read."),
      );
    return () => {
      current = false;
    };
  }, [asked, store]);

  if (problem)
    return (
      <Text size="sm" c="red" data-testid="backup-status">
        {problem}
      </Text>
    );
  if (!status) return null;
  const { last, lastOk } = status;
  const good = lastOk && (
    <span title={at(lastOk.at)}>
      Last backup: {ago(lastOk.at)}, {formatSize(lastOk.sizeBytes ?? 0)}
    </span>
  );
  if (last && !last.ok)
    return (
      <Text size="sm" c="red" data-testid="backup-status">
        The last backup failed {ago(last.at)}: {last.error}
        {good ? <> · {good}</> : " · No backup yet"}
      </Text>
    );
  return (
    <Text size="sm" c={good ? undefined : "orange"} data-testid="backup-status">
      {good ?? "No backup yet"}
    </Text>
  );
}
