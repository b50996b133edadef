/**
 * Phrase banks for answers that follow the question's intent (intents.ts): a story of pride, a price, a
 * follow-up, a view, a routine. The complaint banks are in phrases-frustration.ts, the stance banks in
 * phrases-stance.ts, last weekend and the weekly shop in phrases-everyday.ts. Slots: {city}, {pastime},
 * {interest}, {occ}/{aOcc}, {thing}, {price}, {budget}, {partner}, {currency} and the like (vars.ts).
 * Written in full forms ("I am", "do not"); the voice contracts them.
 */

/** Pride stories without a pride memory to tell, by work status. */
export const PRIDE_WORK = {
  working: [
    "There was a week about {years} years ago when {frustration} had everyone on edge, and I was the one who stayed late and got us through it.",
    "The one I think of is a day when a newer colleague was struggling with {knowledge}, and I walked them through it until it clicked.",
    "A while back I finally cracked a problem with {knowledge} that had beaten people with more experience than me.",
  ],
  retired: [
    "Back when I was working as {aOccPast}, there was a year when everything went wrong at once, and I was the one who kept it all together.",
    "When I was still working as {aOccPast}, I stayed on late for weeks to help someone who was struggling, and they never forgot it.",
    "Years ago, as {aOccPast}, I trained someone who went on to run the whole place, and I still count that as mine too.",
  ],
  student: [
    "It was not a job exactly, but last term I got top marks on a project everyone said was too ambitious.",
    "At my part-time job I was once left to run the place alone for a whole evening, and nothing went wrong.",
  ],
  religious: [
    "Our work is service, and the moment I am proudest of is sitting through the night with a dying woman so that she was not alone.",
    "Years ago I helped set up a food cupboard in the parish, and it still feeds families every week.",
  ],
  other: [
    "The one that comes to mind is getting through a hard year at home and keeping everything running for everyone.",
    "I once organised something for the whole street that people still talk about.",
  ],
} as const;

/**
 * Why it mattered: the second sentence of a pride story. Every persona of a panel asked about pride draws
 * two, so lines name something of the persona's own or say their thing several ways ([a|b]).
 */
export const PRIDE_WHY: readonly string[] = [
  "Nobody asked me to; I just could not leave it half done, and that is still how I work as {aOcc}.",
  "It mattered because people in {city} were counting on me, and I did not let them down.",
  "What made me proud was not [the praise|the thanks|anyone noticing], it was knowing I had done it [properly|right|well].",
  "I still think of it on bad days, because it reminds me what I can do at {age}.",
  "It showed me that {value} is not just a word for me.",
  "I told [my family|a friend|my oldest friend] about it [that night|when I got home] and could not stop [smiling|grinning].",
  "It is the sort of thing nobody else [remembers|would remember], but I do, and it still gets me through [a hard week|a bad day|the odd rough patch].",
  "I think of it whenever I am fed up with {frustration}.",
  "It gave me the confidence I needed for {goal}.",
  "Looking back, that was when I stopped doubting myself[ as {aOcc}|, at least about that|].",
  "Even now, when someone in {city} [brings it up|mentions it], I [feel it all over again|still go a bit red].",
  "[It was not a big thing to anyone else|Nobody outside would have noticed], but [to me|for me] it [was proof|showed] that I could [do this properly|handle more than I thought].",
];

/** Follow-up openers that point back at the previous answer. {gist}: what was said, in brief. */
export const WHY_LEADS: readonly string[] = [
  "Why {gist}? Mostly because {reason}.",
  "Because {reason}; that is really why I said {gist}.",
  "When I said {gist}, it was because {reason}.",
  "Fair question. I said {gist} because {reason}.",
];

export const MORE_LEADS: readonly string[] = [
  "Sure, there is more to it than {gist}.",
  "Well, {gist} was only part of it.",
  "There is a bit more to say about {gist}, yes.",
];

export const QUOTE_LEADS = {
  found: [
    "Yes, I did say {quote}, and I stand by it.",
    "I did say {quote}; what I meant was {reason}.",
    "Right, I said {quote}, because {reason}.",
  ],
  notFound: [
    "I do not think I said quite that; what I said was {gist}.",
    "That is not quite what I meant; I said {gist}.",
    "As far as I remember, I said {gist}, not that.",
    "I think you have me mixed up with someone else; I said {gist}.",
  ],
} as const;

/** Reasons behind each kind of earlier answer, for "why?". */
export const WHY_REASONS: Record<string, readonly string[]> = {
  stance: [
    "of how I live: {lifeReason}",
    "I have learned what I actually use and what I just pay for",
    "of where I am in life, {lifeReason}",
    "as {aOcc}, my time and money already have their jobs",
    "I know myself, and I know what I keep up and what I drop after a week",
    "it comes down to {value}, which matters more to me than convenience",
  ],
  frustration: [
    "it is something I use every week and it should not be this hard",
    "it wastes time I do not have, and nobody seems to care",
    "it is my own money and my own time, and they treat both carelessly",
    "as {aOcc} I do not have spare minutes to lose to it",
    "it used to be simpler, and every change has made it worse",
    "I pay for it, and I expect it to work",
  ],
  weekend: [
    "after a week of being {aOcc}, I need the weekend to be mine",
    "that is what weekends in {city} are like for people like me",
    "I have learned that if I do not rest then, I do not rest at all",
    "{interest} is the one thing that is completely mine",
    "at {age}, I know what recharges me and what does not",
  ],
  process: [
    "I have got it wrong the other way, and it cost me",
    "it is the only way I have found that keeps the budget and the week in one piece",
    "{lifeReason}, so a bit of method saves me a lot of trouble",
    "prices in {city} have gone up so much that I cannot just wing it",
    "it is how I was brought up, and it has never let me down",
  ],
  price: [
    "that is roughly what a decent one costs in {city} without paying for the name",
    "above that I am paying for a logo, and below it they fall apart",
    "{lifeReason}, and that number is where value stops and waste starts for me",
  ],
  pride: [
    "it was the first time I felt I really belonged in that work",
    "it was hard, and I did it anyway",
    "it was about other people, not about me, and that is the sort of pride that lasts",
    "at {age} I have had plenty of days, and that one still stands out",
    "I had doubted myself for a long time before that",
    "nobody handed it to me; I earned it",
    "it proved that {value} was more than a nice word to me",
    "the people I respected most noticed, and that meant a lot",
  ],
  other: [
    "it comes back to {value} for me",
    "{lifeReason}, and that colours how I see most things",
    "it is what my own life has taught me, nothing grander than that",
  ],
};

/** Family follow-ups ("what about your kids?") when the household has none to talk about. */
export const NO_FAMILY_LINES = {
  none: [
    "I do not have children myself, so it is really just me to think about.",
    "No kids in my life, so that part does not come into it for me.",
    "There are no children in the picture for me, so I only have myself to answer to.",
    "I do not have kids; at {age}, my time goes on {interest} and my work as {aOcc}.",
    "No children, no, so the decisions are mine alone, for better or worse.",
    "Kids are not part of my life, so that side of it does not apply to me here in {city}.",
  ],
  religious: [
    "I have no children of my own; the sisters and the people of the parish are my family.",
    "There are no children or grandchildren in my life the way you mean; my vows took me another way, and the community is my family.",
  ],
} as const;

export const FAMILY_LINES = {
  kids: [
    "With the kids it is a different story: they come first, and everything else fits around them.",
    "The kids change everything: whatever I decide has to work for them too.",
  ],
  grandkids: ["The grandchildren are the best part of it; I would do anything for them."],
  partner: ["My {partner} and I talk these things through; we usually end up agreeing, eventually."],
} as const;

/** Price answers (free text) follow the amount and its reason: a limit, a comparison. */
export const PRICE_DETAILS: readonly string[] = [
  "I would not go above {upper}; past that I am paying for the name.",
  "If it was closer to {upper} I would look elsewhere.",
  "I would rather pay {amount} and be happy with it than save a little and regret it.",
  "A friend in {city} told me what they pay, and that is roughly my guide too.",
  "Prices for that have gone up in {city} like everything else, so I have had to adjust.",
  "Much less than {lower} and I would wonder what corners were being cut.",
  "I would compare a few places in {city} before handing over {amount}.",
];

/**
 * "What do you think about X?": a view by stance, naming X in short pieces ({a}: its main noun phrase,
 * {b}: what it is for, or {a} again), each lead tied to the persona ({city}, {age}, {aOcc}).
 */
export const OPINION_LEADS = {
  for: [
    "As {aOcc}, I am mostly for {a}, as long as I stay in charge of it.",
    "At {age}, I have come round to {a}; it does more good than harm.",
    "I can see {a} helping people in {city}, me included.",
    "Living in {city}, I think {a} has its place.",
  ],
  against: [
    "As {aOcc}, I am wary of {a}; too many things like it promise more than they give.",
    "At {age}, I would rather do without {a}, thank you.",
    "I am not keen on {a}, and most people I know in {city} are not either.",
    "In {city}, {a} would not win me over; I prefer what I know.",
  ],
  torn: [
    "As {aOcc}, I am in two minds about {a}: some good, some bad.",
    "At {age}, I have seen enough to be careful with {a}, though it can work.",
    "Here in {city}, {a} can work, but it depends on who is behind it.",
    "I go back and forth on {a}; it is not simple for someone like me in {city}.",
  ],
} as const;

/** The second piece of the subject ({b}), or a closer look at {a}. */
export const OPINION_DETAILS = {
  for: [
    "For {b}, it is a decent first step, and I can always ask someone after.",
    "With {b}, anything that saves a trip or a wait is welcome.",
    "I would still keep my own judgement on {b}.",
  ],
  against: [
    "{bCap} matters too much to me to take chances with.",
    "On {b}, I would rather hear it from a person I know.",
    "I would not trust it with {b} without someone checking.",
  ],
  torn: [
    "For small things to do with {b}, fine; for anything serious, I want a person.",
    "With {b}, I would want a second opinion either way.",
    "{bCap} is where I would be most careful.",
  ],
} as const;

/** A typical morning, day or evening: concrete times, drinks and duties by the persona's life. */
export const ROUTINE_LINES = {
  wake: {
    working: [
      "[My alarm goes|My alarm goes off|The alarm rings] at {wake}, and the first thing I do is make {drink}.",
      "I wake at {wake} [most mornings|on work days|without fail], {drink} before anything else[, even before the news|].",
      "The alarm is set for {wake} on work days; I have {drink} [standing up in the kitchen|by the window|while I get dressed].",
    ],
    retired: [
      "No alarm these days, but I still wake around {wake} out of [habit|old habit] and make {drink}[ first thing|].",
      "I wake early, about {wake}, and sit with {drink} and [the radio|the paper|the birds outside] for [a while|half an hour].",
    ],
    student: [
      "The alarm goes at {wake}, and I usually hit snooze [at least once|twice|more than I should] before {drink}.",
      "I wake around {wake}, grab {drink}, and [check my phone|scroll through my messages] before I am properly awake.",
    ],
    religious: [
      "We rise at {wake} for morning prayer, and breakfast comes after.",
      "I wake at {wake}, and the day starts with prayer in the chapel, then a simple breakfast and {drink}.",
    ],
    farm: ["I am up before dawn, around {wake}, with {drink} before I go out to the animals and the fields."],
    other: [
      "I wake around {wake} and have {drink} [while the house is still quiet|while it is still quiet|in peace].",
      "Most mornings start at {wake} with {drink} and [the news on the radio|the news on my phone|a look at the weather].",
    ],
  },
  after: {
    commute: [
      "Then I am out the door by {leave}, and the commute into work takes a good part of the morning.",
      "By {leave} I am on my way, usually by bus, thinking through the day ahead.",
      "I leave the house around {leave}; the morning traffic in {city} decides the rest.",
    ],
    kids: [
      "Then it is breakfast for the kids and getting them out the door for school, which is never calm.",
      "Breakfast with the children is the loudest part of the morning.",
    ],
    partner: ["Breakfast is with my {partner}, a few minutes of talk before the day takes over."],
    alone: ["Breakfast is quiet, just me, the radio and whatever is in the fridge."],
    retired: [
      "After breakfast I go for a walk while it is still cool, and say good morning to the same faces.",
      "Mornings are for a slow breakfast, the paper and a walk round {city}.",
    ],
    religious: ["After breakfast each of us goes to our duties; mine start with the morning chores."],
    student: ["Then it is the train or bus to class, usually with breakfast eaten on the way."],
  },
  day: [
    "The middle of the day belongs to work as {aOcc}, with a short break to eat.",
    "By the evening I am tired, so it is dinner, a bit of {interest} and bed.",
    "I try to fit in some {interest} in the evening, even if it is only half an hour.",
  ],
} as const;
