import type { OutputFormat } from "../../../shared/output-formats.ts";
import {
  type ImportResult,
  invalidDocument,
  isRecord,
  likertLabel,
  MAX_SOURCE_QUESTIONS,
  numberedLabels,
  SkillBuilder,
  toOptions,
} from "./builder.ts";
import { surveyText } from "./html.ts";

/**
 * Qualtrics survey files (.qsf): `{ SurveyEntry: { SurveyName, … }, SurveyElements: [...] }`, where each
 * question is an element `"SQ"` whose `Payload` carries `QuestionType`, `Selector`, `SubSelector`,
 * `QuestionText` (HTML), `DataExportTag`, `Choices` + `ChoiceOrder`, and for a matrix `Answers` +
 * `AnswerOrder`. Blocks (`"BL"`) and the survey flow (`"FL"`) give the order. See docs/skills-import.md.
 */

type Payload = Record<string, unknown>;
interface Choice {
  id: string;
  text: string;
  /** The respondent writes in ("Other: ___"). */
  textEntry: boolean;
}

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
/** QSF spells flags as true, "true", 1 or "ON" depending on the editor version that saved it. */
const isOn = (v: unknown): boolean => v === true || v === 1 || v === "true" || v === "1" || v === "ON";
const num = (v: unknown): number | undefined => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

const SINGLE = new Set(["SAVR", "SAHR", "SACOL", "DL", "SB"]);
const MULTI = new Set(["MAVR", "MAHR", "MACOL", "MSB"]);
const TEXT = new Set(["SL", "ML", "ESTB"]);
const LIKERT_SINGLE = new Set(["SingleAnswer", "DL", "DND"]);

/** Question types with no output format of ours, and why (shown to the user in `unsupported`). */
const UNSUPPORTED: Record<string, string> = {
  Timing: "records how long a page was shown, not an answer",
  Meta: "collects browser and device information, not an answer",
  FileUpload: "asks for a file upload; a persona answers in words",
  Draw: "asks for a drawing or signature; a persona answers in words",
  Signature: "asks for a signature; a persona answers in words",
  HeatMap: "asks for clicks on an image the persona cannot see",
  HotSpot: "asks for clicks on regions of an image the persona cannot see",
  Captcha: "a bot check, not a research question",
  CS: "constant sum (points spread across items) has no matching output format",
  SBS: "side-by-side questions have no matching output format",
  PGR: "pick, group and rank has no matching output format",
  DD: "drill-down has no matching output format",
  HL: "highlighting parts of a passage has no matching output format",
  GAP: "gap analysis has no matching output format",
};

/** Choices (or matrix answer columns) in display order: `*Order` when present, else key order. */
function ordered(items: unknown, order: unknown): Choice[] {
  if (!isRecord(items) && !Array.isArray(items)) return [];
  const byId = new Map<string, unknown>(
    Array.isArray(items) ? items.map((c, i) => [String(i), c]) : Object.entries(items),
  );
  const ids = Array.isArray(order)
    ? order.map(str).filter((id) => byId.has(id))
    : [...byId.keys()].sort((a, b) => Number(a) - Number(b));
  return [...new Set(ids)].map((id) => {
    const c = byId.get(id);
    return {
      id,
      text: isRecord(c) ? surveyText(c.Display) : "",
      textEntry: isRecord(c) && isOn(c.TextEntry),
    };
  });
}

/** A part's text (a matrix row, a form field, a slider) under its question's text. */
const partText = (question: string, part: string) =>
  part && part !== question ? (question ? `${question}\n${part}` : part) : question;

/** One source question with the fields every converter reads. */
interface Source {
  p: Payload;
  qid: string;
  /** The name the survey's author gave it (`Q3`, `satisfaction`): our id and the id in `unsupported`. */
  tag: string;
  type: string;
  selector: string;
  text: string;
}

type Converter = (q: Source, b: SkillBuilder) => void;

function converterOf({ type, selector }: Source): Converter | undefined {
  if (type === "DB") return descriptive;
  if (type === "NPS" || (type === "MC" && selector === "NPS")) return nps;
  if (type === "MC" && (SINGLE.has(selector) || MULTI.has(selector))) return multipleChoice;
  if (type === "Matrix" && selector === "Likert") return matrix;
  if (type === "TE") return textEntry;
  if (type === "Slider") return slider;
  if (type === "RO") return rankOrder;
  return undefined;
}

function convertQuestion(p: Payload, b: SkillBuilder): void {
  const qid = str(p.QuestionID);
  const q: Source = {
    p,
    qid,
    tag: str(p.DataExportTag) || qid,
    type: str(p.QuestionType),
    selector: str(p.Selector),
    text: surveyText(p.QuestionText) || surveyText(p.QuestionDescription),
  };
  const convert = converterOf(q);
  if (convert) {
    convert(q, b);
    return;
  }
  const known = UNSUPPORTED[q.type] ?? UNSUPPORTED[q.selector];
  const what = `${q.type || "?"}${q.selector ? `/${q.selector}` : ""}`;
  b.skip(q.tag, q.type || "unknown", known ?? `question type ${what} has no matching output format`);
}

const choicesOf = (q: Source) => ordered(q.p.Choices, q.p.ChoiceOrder);

const descriptive: Converter = (q, b) => {
  b.note(q.text);
  b.skip(q.tag, q.type, "descriptive text: added to the skill's instructions");
};

/** NPS: 0-10 as an 11-point likert whose labels carry the 0-10 numbers (answer = NPS + 1). */
const nps: Converter = (q, b) => {
  const anchors = Array.isArray(q.p.ColumnLabels)
    ? q.p.ColumnLabels.map((l) => surveyText(isRecord(l) ? l.Display : l))
    : [];
  const labels = numberedLabels(11, 0, anchors[0], anchors[1]);
  b.add(b.id(q.tag, q.qid), q.text, { type: "likert", scale: 11, labels }, q.type);
};

/** Single or multiple answer; a choice with a text box ("Other: ___") becomes `allowOther`. */
const multipleChoice: Converter = (q, b) => {
  const all = choicesOf(q);
  const allowOther = all.some((c) => c.textEntry);
  const opts = toOptions(all.filter((c) => !c.textEntry).map((c) => c.text));
  if ("reason" in opts) return b.skip(q.tag, q.type, opts.reason);
  const other = allowOther ? { allowOther: true } : {};
  const format: OutputFormat = SINGLE.has(q.selector)
    ? { type: "single_choice", ...opts, ...other }
    : { type: "multi_choice", ...opts, ...picks(q.p, opts.options.length, allowOther), ...other };
  b.add(b.id(q.tag, q.qid), q.text, format, q.type);
};

/** A slider per row (statement), each a number between the slider's ends. */
const slider: Converter = (q, b) => {
  const config = isRecord(q.p.Configuration) ? q.p.Configuration : {};
  const format: OutputFormat = {
    type: "numeric",
    min: num(config.CSSliderMin) ?? 0,
    max: num(config.CSSliderMax) ?? 100,
    ...(num(config.NumDecimals) === 0 ? { integer: true } : {}),
  };
  const rows = choicesOf(q);
  if (rows.length <= 1) return b.add(b.id(q.tag, q.qid), partText(q.text, rows[0]?.text ?? ""), format, q.type);
  for (const row of rows) {
    const id = b.id(`${q.tag}_${row.id}`, `${q.qid}_${row.id}`);
    b.add(id, partText(q.text, row.text), format, q.type, id);
  }
};

const rankOrder: Converter = (q, b) => {
  const all = choicesOf(q);
  const opts = toOptions(all.filter((c) => !c.textEntry).map((c) => c.text));
  if ("reason" in opts) return b.skip(q.tag, q.type, opts.reason);
  if (all.some((c) => c.textEntry))
    b.skip(q.tag, q.type, "its write-in item was left out: a ranking ranks fixed options only");
  b.add(b.id(q.tag, q.qid), q.text, { type: "ranking", options: opts.options }, q.type);
};

/** minPicks/maxPicks from a multiple-answer question's choice-count validation, when it is set and usable. */
function picks(p: Payload, options: number, allowOther: boolean): { minPicks?: number; maxPicks?: number } {
  const settings = isRecord(p.Validation) && isRecord(p.Validation.Settings) ? p.Validation.Settings : {};
  const min = num(settings.MinChoices);
  const max = num(settings.MaxChoices);
  const limit = options + (allowOther ? 1 : 0);
  const out: { minPicks?: number; maxPicks?: number } = {};
  if (min !== undefined && Number.isInteger(min) && min >= 1 && min <= limit) out.minPicks = min;
  if (max !== undefined && Number.isInteger(max) && max >= 1 && max <= limit && max >= (out.minPicks ?? 1))
    out.maxPicks = max;
  return out;
}

/** A Likert matrix: one question per statement row, the answer columns as its scale (or options). */
const matrix: Converter = (q, b) => {
  const sub = str(q.p.SubSelector);
  const multiple = sub === "MultipleAnswer";
  if (!multiple && !LIKERT_SINGLE.has(sub))
    return b.skip(q.tag, q.type, `matrix Likert/${sub || "?"} has no matching output format`);
  const columns = ordered(q.p.Answers, q.p.AnswerOrder).map((c) => c.text);
  const rows = choicesOf(q);
  if (rows.length === 0) return b.skip(q.tag, q.type, "the matrix has no statements");
  let format: OutputFormat;
  if (multiple) {
    const opts = toOptions(columns);
    if ("reason" in opts) return b.skip(q.tag, q.type, opts.reason);
    format = { type: "multi_choice", options: opts.options };
  } else {
    const scale = columns.length;
    if (scale < 2 || scale > 11)
      return b.skip(q.tag, q.type, `${scale} answer columns; a likert scale has 2 to 11 points`);
    format = { type: "likert", scale, ...(columns.every(Boolean) ? { labels: columns.map(likertLabel) } : {}) };
  }
  for (const row of rows) {
    const rowId = `${q.tag}_${row.id}`;
    if (row.textEntry) b.skip(rowId, q.type, "a statement the respondent writes in cannot be asked");
    else if (!row.text) b.skip(rowId, q.type, "the statement has no text");
    else {
      const id = b.id(rowId, `${q.qid}_${row.id}`);
      b.add(id, partText(q.text, row.text), format, q.type, id);
    }
  }
};

/** Text entry: a number when validated as one, a form as one text per field, otherwise free text. */
const textEntry: Converter = (q, b) => {
  if (q.selector === "FORM") {
    const fields = choicesOf(q);
    if (fields.length === 0) return b.skip(q.tag, q.type, "the form has no fields");
    for (const field of fields) {
      const id = b.id(`${q.tag}_${field.id}`, `${q.qid}_${field.id}`);
      b.add(id, partText(q.text, field.text), { type: "text" }, q.type, id);
    }
    return;
  }
  if (!TEXT.has(q.selector))
    return b.skip(q.tag, q.type, `text entry ${q.selector || "?"} has no matching output format`);
  const settings = isRecord(q.p.Validation) && isRecord(q.p.Validation.Settings) ? q.p.Validation.Settings : {};
  if (settings.ContentType !== "ValidNumber") return b.add(b.id(q.tag, q.qid), q.text, { type: "text" }, q.type);
  const range = isRecord(settings.ValidNumber) ? settings.ValidNumber : {};
  const min = num(range.Min);
  const max = num(range.Max);
  const format: OutputFormat = {
    type: "numeric",
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined && (min === undefined || max >= min) ? { max } : {}),
    ...(num(range.NumDecimals) === 0 ? { integer: true } : {}),
  };
  b.add(b.id(q.tag, q.qid), q.text, format, q.type);
};

/**
 * Question ids in the order a respondent meets them: the blocks as the survey flow shows them (branches,
 * randomizers and groups walked in their listed order), then blocks the flow does not name; the trash
 * block is left out. Without blocks, the elements' own order.
 */
function questionOrder(elements: Record<string, unknown>[], questions: Map<string, Payload>): string[] {
  const blockElement = elements.find((e) => e.Element === "BL");
  if (!blockElement) return [...questions.keys()];
  const payload = blockElement.Payload;
  const blocks = (Array.isArray(payload) ? payload : isRecord(payload) ? Object.values(payload) : []).filter(isRecord);
  const byId = new Map(blocks.map((bl) => [str(bl.ID), bl]));
  const flowIds: string[] = [];
  const walk = (flow: unknown) => {
    if (!Array.isArray(flow)) return;
    for (const f of flow) {
      if (!isRecord(f)) continue;
      if (byId.has(str(f.ID))) flowIds.push(str(f.ID));
      walk(f.Flow);
    }
  };
  const flowElement = elements.find((e) => e.Element === "FL");
  if (flowElement && isRecord(flowElement.Payload)) walk(flowElement.Payload.Flow);
  const order = [...new Set([...flowIds, ...byId.keys()])];
  const ids: string[] = [];
  for (const blockId of order) {
    const block = byId.get(blockId)!;
    if (block.Type === "Trash") continue;
    for (const el of Array.isArray(block.BlockElements) ? block.BlockElements : []) {
      if (isRecord(el) && el.Type === "Question" && questions.has(str(el.QuestionID))) ids.push(str(el.QuestionID));
    }
  }
  return [...new Set(ids)];
}

export function fromQualtrics(doc: Record<string, unknown>): ImportResult {
  const raw = doc.SurveyElements;
  if (!Array.isArray(raw) && !isRecord(raw))
    throw invalidDocument("SurveyElements", "expected an array (a .qsf file has SurveyEntry and SurveyElements)");
  const elements = (Array.isArray(raw) ? raw : Object.values(raw)).filter(isRecord);
  const questions = new Map<string, Payload>();
  for (const e of elements) {
    if (e.Element !== "SQ" || !isRecord(e.Payload)) continue;
    const id = str(e.Payload.QuestionID) || str(e.PrimaryAttribute);
    if (id) questions.set(id, { ...e.Payload, QuestionID: id });
  }
  if (questions.size > MAX_SOURCE_QUESTIONS)
    throw invalidDocument(
      "SurveyElements",
      `${questions.size} questions; an import reads at most ${MAX_SOURCE_QUESTIONS}`,
    );
  const b = new SkillBuilder();
  for (const id of questionOrder(elements, questions)) convertQuestion(questions.get(id)!, b);
  const entry = isRecord(doc.SurveyEntry) ? doc.SurveyEntry : {};
  return b.finish({
    name: surveyText(entry.SurveyName),
    description: surveyText(entry.SurveyDescription),
    format: "qualtrics",
    questionPath: "SurveyElements",
  });
}
