import { Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";

interface Command {
  name: string;
  argTypes: string[];
}

/**
 * Any command the driver offers, with one input per argument. Numbers are checked here as the
 * server does (a NUMBER argument must be a number); the server has the last word on the rest.
 */
export function parseArg(type: string, raw: string): { value?: unknown; error?: string } {
  const text = raw.trim();
  if (!text) return { error: "Enter a value." };
  if (type === "NUMBER" || type === "INTEGER" || type === "DECIMAL") {
    const n = Number(text);
    if (!Number.isFinite(n)) return { error: "Enter a number." };
    if (type === "INTEGER" && !Number.isInteger(n)) return { error: "Enter a whole number." };
    return { value: n };
  }
  if (type === "COLOR_MAP" || type === "JSON_OBJECT") {
    try {
      return { value: JSON.parse(text) };
    } catch {
      return { error: 'Enter JSON, e.g. {"hue": 50, "saturation": 100}.' };
    }
  }
  return { value: text };
}

export function CommandForm({
  commands,
  onSend,
}: {
  commands: Command[];
  onSend: (name: string, args: unknown[]) => Promise<unknown>;
}) {
  const [name, setName] = useState<string | null>(null);
  const [raw, setRaw] = useState<string[]>([]);
  const [errors, setErrors] = useState<(string | undefined)[]>([]);
  const command = commands.find((c) => c.name === name);

  if (!commands.length) return <Text c="dimmed">This device takes no commands.</Text>;

  const send = async () => {
    if (!command) return;
    const parsed = command.argTypes.map((t, i) => parseArg(t, raw[i] ?? ""));
    setErrors(parsed.map((p) => p.error));
    if (parsed.some((p) => p.error)) return;
    await onSend(
      command.name,
      parsed.map((p) => p.value),
    );
  };

  return (
    <Stack gap="sm">
      <Select
        label="Command"
        placeholder="Choose a command"
        data={commands.map((c) => c.name)}
        value={name}
        searchable
        onChange={(v) => {
          setName(v);
          setRaw([]);
          setErrors([]);
        }}
      />
      {command?.argTypes.map((type, i) => (
        <TextInput
          key={`${command.name}-${i}`}
          label={`Argument ${i + 1} (${type.toLowerCase()})`}
          value={raw[i] ?? ""}
          error={errors[i]}
          onChange={(e) => {
            const next = [...raw];
            next[i] = e.currentTarget.value;
            setRaw(next);
          }}
        />
      ))}
      <Group>
        <Button onClick={() => void send()} disabled={!command}>
          Send
        </Button>
      </Group>
    </Stack>
  );
}
