/**
 * Phrase banks for everyday accounts (intents-plan.ts): last weekend, and how a decision (the weekly shop
 * above all) gets made. Slots: {sat}/{sun} (the locale's weekend days), {pastime}, {pastimePlain},
 * {interest}, {city}, {shop}/{shop2}, {partner}, {budget}, {decision}, {aOcc}, {exam}, {currencyPlural}.
 * Written in full forms ("I am", "do not"); the voice contracts them.
 */

/** Weekend accounts. {sat}/{sun} are the locale's weekend days, in order. */
export const WEEKEND_LEADS: readonly string[] = [
  "Last weekend was a quiet one: {sat} was mostly {pastime}, and on {sun} I gave a few hours to {interest}.",
  "On {sat} I did the shopping at {shop} and then {pastime} took most of the afternoon.",
  "I spent most of {sat} on {interest}, and {sun} was for {pastime}.",
  "{sat} went on errands and {pastime}; {sun} I kept for {interest}.",
  "It was a full one: {pastime} on {sat}, and a slow {sun} with {interest}.",
  "I kept it simple last weekend, with {interest} on {sat} and {pastime} on {sun}.",
];

export const WEEKEND_WORKED: readonly string[] = [
  "I worked on {sat}, a long shift as {aOcc}, so {sun} was the only real day off.",
  "Last weekend I was working again on {sat}; {occCap}s do not get to stop just because it is the weekend.",
  "I was on shift most of {sat}, and on {sun} I slept late and then went to {pastimePlain}.",
];

export const WEEKEND_FARM: readonly string[] = [
  "There is no real weekend on a farm: {sat} started at dawn with the animals and the fields, same as any day.",
  "On {sat} I was out before sunrise like every other day, because the farm does not know it is the weekend.",
];

export const WEEKEND_RELIGIOUS: readonly string[] = [
  "On {sat} I helped get the chapel ready and visited two of our older neighbours, and on {sun} there was Mass and a quiet lunch with the sisters.",
  "Last weekend was prayer and visits: {sat} with the sick at the hospital, {sun} at Mass and then a long walk with the community.",
];

export const WEEKEND_STUDENT: readonly string[] = [
  "Last weekend I was meant to be studying for {exam}, but {sat} mostly went on {interest} with friends.",
  "I worked a few hours at my part-time job on {sat} and spent {sun} catching up on coursework, with a bit of {interest} at night.",
];

/** Second and third sentences of a weekend story, past tense. */
export const WEEKEND_DETAILS: readonly string[] = [
  "I cooked a proper meal on {sun} evening for once, instead of eating whatever was quick.",
  "I caught up on the washing and the cleaning, which is never the fun part.",
  "I met up with a couple of friends in {city} on {sat} night and stayed out later than I meant to.",
  "I called my family on {sun}, which I try to do every week.",
  "By {sun} evening I was already thinking about the week ahead.",
  "The weather held up, so I spent a good part of it outside.",
  "I finally finished a few jobs around the house I had been putting off for weeks.",
  "I slept in on {sun}, and I do not regret it.",
];

export const WEEKEND_FAMILY = {
  kids: [
    "The kids had their activities on {sat} morning, so a lot of it was driving them around.",
    "I took the kids out on {sun} afternoon so the house could have a bit of peace.",
  ],
  partner: [
    "My {partner} and I went out for dinner on {sat}, which we do not manage often enough.",
    "On {sun} my {partner} and I had a slow breakfast and did not rush anywhere.",
  ],
  alone: ["I had the place to myself and I liked it that way.", "It was a quiet one on my own, which suited me fine."],
} as const;

/** Decision processes: steps, by the kind of decision. */
export const PROCESS_GROCERIES = {
  lead: {
    careful: [
      "First I check what is left in the fridge and the cupboards, then I write a list before I go anywhere near {shop}.",
      "It starts on {sun} with a list: I look at what we have, plan a few meals, and only then go to {shop}.",
      "I plan it: a quick look in the cupboards, a list on my phone, and a rough budget of {budget} for the week.",
    ],
    easygoing: [
      "Honestly, there is not much of a system: I go to {shop}, see what is on offer first, and then build from there.",
      "I do not plan much; I walk into {shop} with a rough idea and then let the offers decide.",
      "I mostly decide in the shop itself: I start with whatever is fresh and cheap at {shop} that week.",
    ],
  },
  household: {
    kids: [
      "Then it is about what the kids will actually eat, because there is no point buying food that comes home again in their lunchbox.",
    ],
    partner: ["My {partner} and I eat differently, so I make sure there is something for both of us."],
    alone: ["I am only cooking for myself, so I buy small and try not to waste anything."],
    religious: ["We cook for the whole community, so it is big bags of rice and vegetables, and nothing fancy."],
    other: [
      "I think about the week ahead: the long days get something quick, the free evenings something proper.",
      "I plan around my week as {aOcc}: quick things for the busy days, something proper when I have time.",
      "I buy for the meals I know I will actually cook, not the ones I like to imagine cooking.",
      "I keep a few staples I always buy, and the rest depends on what I fancy that week.",
    ],
  },
  price: {
    thrifty: [
      "The basics come from {shop} because it is cheapest, and I only go to {shop2} for what I cannot get there.",
      "I try to keep it under {budget} a week, so I compare prices and buy the own brand nearly every time.",
      "If something is on offer I stock up, and if the price has jumped I simply go without this week.",
    ],
    comfortable: [
      "I will pay a bit more at {shop2} for good fruit and vegetables, because I can taste the difference.",
      "I do not chase offers much; I buy what I like and it comes to roughly {budget} a week.",
      "Quality matters more to me than the last few {currencyPlural}, so I go where the produce is good.",
    ],
  },
  close: [
    "And there is always one small treat in the bag for me, whatever the budget says.",
    "By the time I get home I have usually forgotten one thing, and it is always the milk.",
    "Whatever is left at the end of the week goes into a soup, so very little is wasted.",
    "If I have time I go to {shop2} on {sat} as well, for the fresh things.",
    "It has got more expensive in {city} lately, so I am stricter with the list than I used to be.",
    "The whole thing takes me about an hour, and I would rather it took less.",
    "I pay by card these days and check it on the {bank} app afterwards, which is its own small misery.",
  ],
} as const;

export const PROCESS_GENERIC = {
  careful: [
    "First I work out what I actually need from {decision}, and I write it down so I do not fool myself.",
    "With {decision}, I start with research: I read, I ask people I trust, and I compare two or three options side by side, the way I would at work as {aOcc}.",
    "I take my time over {decision}: what I can afford first, roughly {budget}, then the options, and I sleep on it before I decide.",
    "I make a short list for {decision}, with what I need at the top and what I merely want at the bottom.",
    "I am careful about {decision}: I look at what has worked for me before and start from there.",
  ],
  easygoing: [
    "I am not very methodical about {decision}; I get a feeling for what I want and go with it.",
    "Honestly, I decide {decision} mostly on instinct and sort out the details afterwards.",
    "For {decision} I keep it quick: a look at what is there, a word with a friend in {city}, and then I just pick.",
    "I do not overthink {decision}; I have got better things to do in {city} than agonise over it.",
    "{decision} does not take me long: I know what I like by now, at {age}, and I go for it.",
  ],
  middle: [
    "Then I ask someone who has been through it, because they always notice something I missed.",
    "Price comes next: I set a limit of roughly {budget} and try to stay under it.",
    "In the end I go with whatever fits my life as {aOcc} with the least fuss.",
    "If I still cannot choose, I wait a few days, and usually one option stops bothering me.",
    "I check what people in {city} say about it, because what works elsewhere does not always work here.",
    "Then I think about how it fits with {interest}, because that is where my spare time goes.",
    "{lifeReasonCap}, so I weigh the cost more than most people would.",
  ],
} as const;
