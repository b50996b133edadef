import { lifeOf } from "./life.ts";
import type { PersonaView } from "./persona.ts";
import type { Rng } from "./rng.ts";
import { capitalize, goalPhrase, softLower, stripEndPunctuation, withArticle } from "./text.ts";

/** Template slot values drawn from the persona's profile, in a seeded order so answers vary. */

/**
 * The year the simulator takes as "now" for a persona's childhood decade. Answers carry no clock, so
 * this is read once when the module loads.
 */
const REFERENCE_YEAR = new Date().getUTCFullYear();

const CHILDHOOD_SCENES: ReadonlyArray<readonly [number, string]> = [
  [1940, "making do with very little and listening to the radio with my family"],
  [1950, "playing outside all day and crowding around the first TV on our street"],
  [1960, "riding bikes everywhere and watching the moon landing on a tiny TV"],
  [1970, "riding bikes until the streetlights came on and saving up for records"],
  [1980, "watching Saturday morning cartoons and making mixtapes off the radio"],
  [1990, "renting videos on Friday nights and waiting for the dial-up to connect"],
  [2000, "texting on flip phones and burning CDs for my friends"],
  [2010, "watching YouTube for hours and living in group chats"],
  [2020, "doing school on a screen for a while and playing games with friends online"],
];

export function personaVars(view: PersonaView, rng: Rng): Record<string, string | undefined> {
  const { profile, persona } = view;
  const [interest, interest2] = rng.shuffle(profile.interests.map(softLower));
  const [value, value2] = rng.shuffle(profile.values.map(softLower));
  const [knowledge, knowledge2] = rng.shuffle(workKnowledge(view).map(softLower));
  const childhoodDecade = Math.floor((REFERENCE_YEAR - persona.age + 9) / 10) * 10;
  const scene = CHILDHOOD_SCENES.findLast(([decade]) => decade <= childhoodDecade) ?? CHILDHOOD_SCENES[0]!;
  return {
    fullName: view.fullName,
    firstName: persona.firstName,
    age: String(persona.age),
    location: persona.location.trim(),
    workClause: view.workClause,
    occ: view.occupationNoun,
    // "As a retired, …" reads wrong: only working personas get an article form.
    aOcc: view.status === "working" ? withArticle(view.occupationNoun) : undefined,
    knowledge,
    knowledge2,
    interest,
    interest2,
    value,
    value2,
    valueCap: value ? capitalize(value) : undefined,
    goal: profile.goals.length > 0 ? goalPhrase(rng.pick(profile.goals)) : undefined,
    frustration: profile.frustrations.length > 0 ? softLower(rng.pick(profile.frustrations)) : undefined,
    household: persona.household ? softLower(stripEndPunctuation(persona.household)) : undefined,
    decade: `the ${childhoodDecade}s`,
    childhoodScene: scene[1],
    ...placeVars(view, rng),
  };
}

/**
 * The persona's place and life situation as slots: city, shops, banks, weekend days and pastimes of its
 * country (`localeOf`), its currency, and what its household and work allow it to say.
 */
function placeVars(view: PersonaView, rng: Rng): Record<string, string | undefined> {
  const life = lifeOf(view);
  const { locale } = life;
  const [shop, shop2] = rng.shuffle(locale.shops.length > 0 ? locale.shops : ["the supermarket", "the market"]);
  const [pastime, pastime2] = rng.shuffle(locale.pastimes);
  const interests = view.profile.interests.map(softLower);
  const years = life.maxWorkYears >= 4 ? String(rng.int(2, Math.min(15, life.maxWorkYears - 1))) : undefined;
  const pastNoun = view.occupationNoun.replace(/^(retired|former|ex-)\s*/i, "");
  return {
    city: locale.city || view.persona.location.split(",")[0]!.trim() || undefined,
    shop,
    shop2: shop2 ?? shop,
    bank: locale.banks.length > 0 ? rng.pick(locale.banks) : "my bank",
    sat: locale.weekend[0],
    sun: locale.weekend[1],
    pastime: pastime ?? interests[0],
    pastimePlain: pastime2 ?? pastime ?? interests[1] ?? interests[0],
    currency: life.currencyName || undefined,
    currencyPlural: locale.currency.plural || undefined,
    exam: locale.education.exam || "exams",
    partner: life.partner ?? undefined,
    lifeReason: lifeReasonOf(view, life),
    lifeReasonCap: capitalize(lifeReasonOf(view, life)),
    aOccPast:
      view.status === "retired" && pastNoun && pastNoun !== view.occupationNoun ? withArticle(pastNoun) : undefined,
    occCap: view.status === "working" ? capitalize(view.occupationNoun) : undefined,
    years,
  };
}

function lifeReasonOf(view: PersonaView, life: ReturnType<typeof lifeOf>): string {
  if (life.religious) return "I live simply, by choice, and need very little";
  if (life.hasKids && !life.grownKids) return "with the kids, most of the week is already spoken for";
  if (view.status === "retired") return "I am on a pension now and watch what goes out";
  if (view.status === "student") return "I am a student, and every week is tight";
  if (view.stance.priceSensitivity > 0.55) return "money is tight enough that I count it";
  if (view.stance.priceSensitivity < 0.4) return "I can afford to be choosy, so I am";
  return "I earn a fair living but I do not like waste";
}

/** Domain knowledge that comes from the job, not from where they live or what they do for fun. */
function workKnowledge(view: PersonaView): string[] {
  const { domainKnowledge, interests } = view.profile;
  const location = view.persona.location.toLowerCase();
  const personal = new Set(interests.map((i) => i.toLowerCase()));
  const work = domainKnowledge.filter(
    (k) => !personal.has(k.toLowerCase()) && !(location && k.toLowerCase().includes(location)),
  );
  return work.length > 0 ? work : domainKnowledge;
}
