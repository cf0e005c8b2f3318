import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed operations from the checked-in supergraph: `npm run codegen -w web` after changing an
// operation or the schema; CI runs `codegen:check`.
const config: CodegenConfig = {
  schema: "../schema/supergraph.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**"],
  ignoreNoDocuments: true,
  generates: {
    "src/gql/": {
      preset: "client",
      // persisted-documents.json: the operations the gateway trusts (TRUSTED_DOCUMENTS).
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        nonOptionalTypename: true,
        scalars: { DateTimeISO: "string", JSON: "unknown", JSONObject: "Record<string, unknown>" },
      },
    },
  },
};

export default config;
