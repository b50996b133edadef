import { describe, expect, it } from "vitest";
import type { EvidenceAnswer, EvidencePersona, EvidenceQuestion, EvidenceTask } from "./evidence.ts";
import {
  attributeKeysOf,
  CSV_COLUMNS,
  csvField,
  csvHeader,
  csvRow,
  exportRows,
  flattenAnswer,
  ndjsonRow,
} from "./export.ts";

const persona: EvidencePersona = {
  id: "p1",
  firstName: "Ada",
  lastName: "O'Neil, Jr.",
  age: 36,
  location: "Portland, OR",
  baseOccupation: "nurse",
  gender: "female",
  education: null,
  incomeBracket: "50-75k",
  household: "couple",
  attributes: { pets: 2, diet: "=vegan", tags: ["a", "b"] },
  cohortId: "c1",
  weight: 1.5,
};

const task = (over: Partial<EvidenceTask> = {}): EvidenceTask => ({
  taskId: "t1",
  personaId: "p1",
  replicate: 0,
  state: "succeeded",
  error: null,
  costUsd: 0.001,
  credits: 1,
  tokensIn: 1200,
  tokensOut: 12,
  score: { total: 0.75, passed: true },
  ...over,
});

const questions: EvidenceQuestion[] = [
  { id: "buy", text: "Buy?", outputFormat: { type: "single_choice", options: ["Yes", "No"] } },
  { id: "price", text: "Price?", outputFormat: { type: "numeric" } },
  { id: "why", text: "Why?", outputFormat: { type: "text" } },
  { id: "rank", text: "Rank", outputFormat: { type: "ranking", options: ["A", "B"] } },
  { id: "data", text: "Data", outputFormat: { type: "json", schema: { type: "object" } } },
];

const answer = (questionId: string, parsed: EvidenceAnswer["parsed"], raw: string): EvidenceAnswer => ({
  taskId: "t1",
  questionId,
  parsed,
  valid: true,
  raw,
  followUps: [],
});

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF), to read back what was written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("csvField", () => {
  it("quotes commas, quotes, CR and LF, doubling inner quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField(null)).toBe("");
    expect(csvField(true)).toBe("true");
  });

  it("neutralises formulas in text but never touches numbers", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField("\rx")).toBe('"\'\rx"');
    expect(csvField(-3)).toBe("-3");
    expect(csvField(1.5)).toBe("1.5");
    expect(csvField(Number.NaN)).toBe("");
  });
});

describe("flattenAnswer", () => {
  it("choice label; list labels joined with '; '; numbers as numbers; json as JSON text", () => {
    const [buy, price, why, rank, data] = questions as [
      EvidenceQuestion,
      EvidenceQuestion,
      EvidenceQuestion,
      EvidenceQuestion,
      EvidenceQuestion,
    ];
    expect(flattenAnswer(buy, { label: "Yes", index: 0 })).toBe("Yes");
    expect(flattenAnswer(price, 12.5)).toBe(12.5);
    expect(flattenAnswer(why, "Because")).toBe("Because");
    expect(flattenAnswer(rank, { labels: ["B", "A"], indexes: [1, 0] })).toBe("B; A");
    expect(flattenAnswer(data, { labels: 1, ok: true })).toBe('{"labels":1,"ok":true}');
    expect(flattenAnswer(data, null)).toBeNull();
  });
});

describe("csvHeader, csvRow, ndjsonRow", () => {
  const attrKeys = attributeKeysOf([persona]);

  it("the header: the fixed columns, then attr_<key> sorted", () => {
    expect(attrKeys).toEqual(["diet", "pets", "tags"]);
    expect(csvHeader(attrKeys)).toBe(`${[...CSV_COLUMNS, "attr_diet", "attr_pets", "attr_tags"].join(",")}\r\n`);
    expect(csvHeader(["b", "a"])).toBe(csvHeader(["a", "b"]));
  });

  it("one row per task × question, failed tasks included with the task's error code; reads back as written", () => {
    const tasks = [
      task(),
      task({ taskId: "t2", state: "failed", error: { error: "x", code: "upstream_timeout" }, score: null }),
    ];
    const answers: EvidenceAnswer[] = [
      answer("buy", { label: "Yes", index: 0 }, 'A) Yes — it saves me time, "really"'),
      answer("price", -3, "-3"),
      answer("why", "=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0"),
      { ...answer("rank", null, "B then A?"), valid: false, error: "not a ranking" },
    ];
    const rows = [
      ...exportRows(
        tasks,
        questions,
        (id) => answers.filter((a) => a.taskId === id),
        () => persona,
      ),
    ];
    expect(rows).toHaveLength(tasks.length * questions.length);
    const csv = csvHeader(attrKeys) + rows.map((r) => csvRow(r, attrKeys)).join("");
    const table = parseCsv(csv);
    expect(table).toHaveLength(1 + 10);
    const header = table[0] as string[];
    for (const row of table) expect(row).toHaveLength(header.length);
    const get = (row: string[], col: string) => row[header.indexOf(col)];
    const [buy, price, why, rank, data] = table.slice(1, 6) as string[][];
    expect(get(buy as string[], "parsed")).toBe("Yes");
    expect(get(buy as string[], "raw")).toBe('A) Yes — it saves me time, "really"');
    expect(get(buy as string[], "last_name")).toBe("O'Neil, Jr.");
    expect(get(buy as string[], "location")).toBe("Portland, OR");
    expect(get(buy as string[], "weight")).toBe("1.5");
    expect(get(buy as string[], "score")).toBe("0.75");
    expect(get(buy as string[], "score_passed")).toBe("true");
    expect(get(buy as string[], "valid")).toBe("true");
    expect(get(buy as string[], "education")).toBe("");
    expect(get(buy as string[], "attr_diet")).toBe("'=vegan");
    expect(get(buy as string[], "attr_pets")).toBe("2");
    expect(get(buy as string[], "attr_tags")).toBe('["a","b"]');
    expect(get(price as string[], "parsed")).toBe("-3");
    expect(get(price as string[], "raw")).toBe("'-3");
    expect(get(why as string[], "parsed")).toBe("'=cmd|' /C calc'!A0");
    expect([get(rank as string[], "valid"), get(rank as string[], "error"), get(rank as string[], "parsed")]).toEqual([
      "false",
      "not a ranking",
      "",
    ]);
    expect([get(data as string[], "error"), get(data as string[], "raw")]).toEqual(["no_answer", ""]);
    for (const row of table.slice(6)) {
      expect(get(row, "task_state")).toBe("failed");
      expect(get(row, "valid")).toBe("false");
      expect(get(row, "error")).toBe("upstream_timeout");
      expect(get(row, "parsed")).toBe("");
      expect(get(row, "score")).toBe("");
    }
  });

  it("ndjsonRow: the same fields as an object, the answer kept as parsed JSON", () => {
    const row = {
      task: task(),
      question: questions[3] as EvidenceQuestion,
      persona,
      answer: answer("rank", { labels: ["B", "A"], indexes: [1, 0] }, "B, A"),
    };
    const line = ndjsonRow(row, attrKeys);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    const obj = JSON.parse(line);
    expect(Object.keys(obj)).toEqual([...CSV_COLUMNS, "attr_diet", "attr_pets", "attr_tags"]);
    expect(obj.parsed).toEqual({ labels: ["B", "A"], indexes: [1, 0] });
    expect(obj.attr_diet).toBe("=vegan"); // JSON is not a spreadsheet: no prefix
    expect(obj.attr_pets).toBe(2);
    expect(obj.weight).toBe(1.5);
    expect(obj.valid).toBe(true);
    expect(obj.error).toBeNull();
    const missing = JSON.parse(ndjsonRow({ ...row, answer: null, persona: null }, attrKeys));
    const cancelled = { ...row, answer: null, task: task({ state: "cancelled", score: null }) };
    expect(JSON.parse(ndjsonRow(cancelled, attrKeys)).error).toBe("cancelled");
    expect([missing.parsed, missing.valid, missing.error, missing.first_name, missing.attr_pets]).toEqual([
      null,
      false,
      "no_answer",
      null,
      null,
    ]);
  });
});
