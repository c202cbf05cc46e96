// A fast yes/no for the common case: a valibot schema compiled once into plain predicates. Every incoming payload is
// checked, and valibot's general machinery (a dataset object per node, a copy of every object and array, pipes run
// as action lists) costs ~3.5 µs for one MeterValues; the compiled predicate allocates nothing. valibot stays the
// authority: a payload the predicate does not accept goes through valibot, which names the problem.
//
// Only the schema kinds these schemas use are compiled; a schema with anything else (a transformation, a default,
// an unknown kind) gets no predicate and is always checked by valibot. tests/schemas.test.ts checks that predicate
// and valibot agree on every generated sample.
import type * as v from "valibot";

type Predicate = (value: unknown) => boolean;

// The parts of valibot's schema and action objects read here (they are plain objects with these properties).
interface Node {
  kind: string;
  type: string;
  pipe?: Node[];
  entries?: Record<string, Node>;
  item?: Node;
  wrapped?: Node;
  options?: unknown[];
  default?: unknown;
  fallback?: unknown;
  requirement?: unknown;
  check?: Predicate;
}

const hasOwn = Object.prototype.hasOwnProperty;

function compileNode(node: Node): Predicate | undefined {
  if (node.fallback !== undefined) return undefined; // output would differ from input
  if (node.pipe) return compilePipe(node.pipe);
  switch (node.type) {
    case "string":
      return (value) => typeof value === "string";
    case "number":
      return (value) => typeof value === "number" && !Number.isNaN(value);
    case "boolean":
      return (value) => typeof value === "boolean";
    case "picklist": {
      const options = new Set(node.options);
      return (value) => options.has(value);
    }
    case "custom":
      return node.kind === "schema" && node.check ? node.check : undefined;
    case "optional": {
      if (node.default !== undefined) return undefined;
      const wrapped = node.wrapped && compileNode(node.wrapped);
      return wrapped && ((value) => value === undefined || wrapped(value));
    }
    case "array": {
      const item = node.item && compileNode(node.item);
      if (!item) return undefined;
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!item(value[i])) return false;
        return true;
      };
    }
    case "strict_object":
      return compileStrictObject(node.entries ?? {});
    // Validation actions inside a pipe.
    case "integer":
      return (value) => Number.isInteger(value);
    case "finite":
      return (value) => Number.isFinite(value);
    case "check":
      return typeof node.requirement === "function" ? (node.requirement as Predicate) : undefined;
    case "min_length": {
      const min = node.requirement as number;
      return (value) => (value as { length: number }).length >= min;
    }
  }
  return undefined;
}

/** A pipe: its first element is the schema itself (valibot copies it into the pipe), the rest are actions. */
function compilePipe(pipe: Node[]): Predicate | undefined {
  const steps = pipe.filter((step) => step.kind !== "metadata").map(compileNode);
  if (steps.some((step) => step === undefined)) return undefined;
  const all = steps as Predicate[];
  return (value) => {
    for (let i = 0; i < all.length; i++) if (!all[i]!(value)) return false;
    return true;
  };
}

function compileStrictObject(entries: Record<string, Node>): Predicate | undefined {
  const fields: { key: string; check: Predicate; required: boolean }[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    const check = compileNode(entry);
    if (!check) return undefined;
    fields.push({ key, check, required: entry.type !== "optional" });
  }
  return (value) => {
    if (typeof value !== "object" || value === null) return false;
    const object = value as Record<string, unknown>;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (field.key in object) {
        if (!field.check(object[field.key])) return false;
      } else if (field.required) return false;
    }
    // As valibot: a key the schema does not define (own or inherited by the input) is refused.
    for (const key in object) if (!hasOwn.call(entries, key)) return false;
    return true;
  };
}

/**
 * The schema as a predicate that is true exactly when valibot would accept the value and output an equal value, or
 * undefined when the schema uses something not compiled here.
 */
export function compileAcceptance(schema: v.GenericSchema): Predicate | undefined {
  return compileNode(schema as unknown as Node);
}
