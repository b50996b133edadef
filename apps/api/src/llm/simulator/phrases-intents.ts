/**
 * Phrase banks for answers that follow the question's intent (intents.ts): a complaint about a named
 * thing, a stance, last weekend, a decision process, a story of pride, a price, a follow-up. Slots:
 * {target} (the thing complained about, from the persona's side: "my bank's app"), {bank}, {shop},
 * {shop2}, {transport}, {health}, {city}, {sat}/{sun} (the locale's weekend days), {pastime},
 * {interest}, {occ}/{aOcc}, {thing}, {action}, {price}, {budget}, {partner}, {currency}.
 * Written in full forms ("I am", "do not"); the voice contracts them.
 */

export interface Aspect {
  /** Words that name the aspect, so a follow-up can find which one the answer talked about. */
  name: string;
  lines: readonly string[];
}

export interface TargetKind {
  match: RegExp;
  aspects: readonly Aspect[];
}

/** What there is to complain about, by the kind of thing named. The first match wins. */
export const FRUSTRATION_TARGETS: readonly TargetKind[] = [
  {
    match: /\b(bank|banking|{bank})\b/i,
    aspects: [
      {
        name: "logging in",
        lines: [
          "Logging in is the worst of it: {target} wants a code, then my fingerprint, then logs me out the moment I switch apps.",
          "Half the time the login fails and I end up resetting a password I only set last month.",
          "Every time I open {target} it asks me to log in again, as if we had never met.",
          "The login alone takes longer than the thing I came to do, with a code sent to my phone every single time.",
        ],
      },
      {
        name: "sending money",
        lines: [
          "Sending money should be simple, but a transfer can sit there as pending for a whole day with no explanation.",
          "Transfers to anyone outside {bank} take forever, and the app never tells you why.",
          "The transfer screen is so cramped that I check the account number three times before I dare press send.",
          "Paying someone back should take ten seconds, and with {bank} it somehow takes ten minutes.",
        ],
      },
      {
        name: "being charged for everything",
        lines: [
          "Then there are the fees: little charges on transfers and cards that I only notice at the end of the month.",
          "They keep adding small fees nobody explains, and the app hides them three screens deep.",
          "I once paid a fee just for moving my own money between my own accounts at {bank}, which still annoys me.",
        ],
      },
      {
        name: "the constant updating",
        lines: [
          "Every update moves the buttons around, so I have to learn it all over again.",
          "It always wants an update right when I am standing at the checkout in {shop} trying to pay.",
          "They redesigned it again recently and now I cannot find my statements.",
        ],
      },
      {
        name: "customer service",
        lines: [
          "And when something goes wrong, customer service is a chatbot that sends me round in circles.",
          "Getting a real person at {bank} on the phone takes the best part of an hour.",
          "If a payment gets stuck, the app just says to contact support, and support says to use the app.",
        ],
      },
    ],
  },
  {
    match: /\b(phone|mobile|network|carrier|internet|wi-?fi|broadband|provider)\b/i,
    aspects: [
      {
        name: "the signal",
        lines: [
          "The signal drops in the most ordinary places, like my own kitchen in {city}.",
          "I pay for a connection that disappears whenever I actually need it.",
        ],
      },
      {
        name: "the bill",
        lines: [
          "The bill creeps up every year and they call it an adjustment.",
          "Every month the bill is a little different and nobody can tell me why.",
        ],
      },
      {
        name: "customer service",
        lines: [
          "Calling {target} means forty minutes of hold music and then being passed along.",
          "Their support people are polite, but they can never actually fix anything.",
        ],
      },
      {
        name: "the small print",
        lines: [
          "The contract is written so you cannot leave without paying a penalty.",
          "The best deals only ever go to new customers, never to people like me who stayed.",
        ],
      },
    ],
  },
  {
    match: /\b(bus|buses|train|trains|transport|transit|commute|traffic|metro|subway|tram|{transport})\b/i,
    aspects: [
      {
        name: "the lateness",
        lines: [
          "Nothing runs on time, so I leave half an hour early just in case.",
          "One delay in the morning and my whole day in {city} is off.",
          "The timetable in {city} is more of a suggestion than a promise.",
          "I have stood waiting for {transport} long enough to have walked there.",
          "When you finish a shift as {aOcc}, the last thing you need is a cancelled {transport}.",
        ],
      },
      {
        name: "the crush at rush hour",
        lines: [
          "At rush hour it is packed so tight you cannot lift your arm.",
          "It is crowded, hot and loud, and that is on a good day.",
          "Getting a seat on {transport} at eight in the morning in {city} is a small miracle.",
          "By the time I get off I feel like I have done a day's work already.",
        ],
      },
      {
        name: "the cost",
        lines: [
          "And it keeps getting more expensive without getting any better.",
          "The fares go up every year and the service does not.",
          "What I spend getting around {city} each month would have paid for a lot of {interest}.",
          "For what it costs, you would expect it to be clean and on time, and it is neither.",
        ],
      },
    ],
  },
  {
    match: /\b(supermarket|grocery|groceries|shop|shops|store|stores|{shop})\b/i,
    aspects: [
      {
        name: "the pricing",
        lines: [
          "The prices at {shop} change every week, so I never know what my shop will cost.",
          "Things get smaller but the price stays the same, and they hope nobody notices.",
        ],
      },
      {
        name: "the queueing",
        lines: [
          "There are always queues and only two tills open.",
          "The self-checkout machines need a staff member every third item.",
        ],
      },
      {
        name: "the layout",
        lines: [
          "They move things around so you walk past everything you did not come for.",
          "I can never find what I came for without walking every aisle.",
        ],
      },
    ],
  },
  {
    match: /\b(doctor|doctors|hospital|clinic|health ?care|gp|nhs|hse|insurance|{health})\b/i,
    aspects: [
      {
        name: "waiting",
        lines: [
          "The waiting is what gets me: weeks for an appointment and an hour in the waiting room on the day.",
          "You wait so long for {health} that by the time they see you, you are either better or worse.",
        ],
      },
      {
        name: "paperwork",
        lines: [
          "There is a form for everything, and the same questions on every form.",
          "Nobody talks to anybody else, so I explain my history from the start every time.",
        ],
      },
      {
        name: "the cost",
        lines: [
          "And the cost of medicine keeps going up.",
          "Even the small things, a prescription or a test, add up quickly.",
        ],
      },
    ],
  },
  {
    match: /\b(job|work|boss|manager|office|employer|shifts?|colleagues?|workplace)\b/i,
    aspects: [
      {
        name: "{frustration}",
        lines: ["Mostly it is {frustration}.", "The thing that wears me down is {frustration}."],
      },
      {
        name: "the pointless admin",
        lines: [
          "Too much of the day goes on things that have nothing to do with being {aOcc}.",
          "Decisions get made by people who have never done my job.",
        ],
      },
      {
        name: "the pay",
        lines: [
          "And the pay has not kept up with prices in {city}.",
          "Everything costs more and the wages stay exactly where they were.",
        ],
      },
    ],
  },
  {
    match: /\b(social media|instagram|facebook|tiktok|twitter|youtube|feed|algorithm)\b/i,
    aspects: [
      {
        name: "the advertising",
        lines: ["Every third post is an ad for something I looked at once.", "It is more ads than people now."],
      },
      {
        name: "the time it eats",
        lines: ["I open it for one minute and lose forty.", "It eats time I meant to spend on {interest}."],
      },
      {
        name: "the arguing",
        lines: [
          "Everyone is angry about something, all the time.",
          "It shows me whatever will annoy me most, because that keeps me scrolling.",
        ],
      },
    ],
  },
  {
    match: /\b(app|apps|website|site|software|online|platform|service|subscription|streaming|delivery)\b/i,
    aspects: [
      {
        name: "logging in",
        lines: [
          "Logging in to {target} is a chore: passwords, codes, and it forgets me every week.",
          "It logs me out for no reason and then wants a code sent to my phone.",
        ],
      },
      {
        name: "the constant updating",
        lines: [
          "Every update changes where things are, and none of it is what I asked for.",
          "It nags me to update, and after the update it is slower.",
        ],
      },
      {
        name: "the price",
        lines: [
          "The price keeps going up while they add features I never use.",
          "What started cheap now costs {price} and they still want more.",
        ],
      },
      {
        name: "customer service",
        lines: [
          "When something breaks there is nobody to talk to, only a help page that does not help.",
          "Their support is an email address that answers in a week.",
        ],
      },
    ],
  },
];

/** Any other thing named: the usual grievances with something one has to deal with. */
export const GENERIC_ASPECTS: readonly Aspect[] = [
  {
    name: "the cost",
    lines: [
      "With {target}, it is the cost first: it never gets cheaper, only more complicated.",
      "It costs more every year and I cannot say it has got any better.",
    ],
  },
  {
    name: "the waiting",
    lines: [
      "There is always waiting involved, and nobody tells you how long.",
      "Everything to do with {target} takes longer than it should.",
    ],
  },
  {
    name: "nobody listening",
    lines: [
      "When I complain, nobody seems to be responsible for anything.",
      "I have given feedback more than once and nothing changes.",
    ],
  },
];

/** First sentences for a complaint: they name the thing and the first aspect. */
export const FRUSTRATION_LEADS: readonly string[] = [
  "With {target}, it is mostly {aspect}, same as for everyone I know in {city}.",
  "What gets me about {target} is {aspect}, and at {age} I have less patience for it.",
  "Oh, {target}: {aspect}, for a start, and that is only the beginning for someone in {city}.",
  "My biggest gripe with {target} is {aspect}, and I say that as {aOcc}.",
  "{aspectCap}, mainly, if we are talking about {target} here in {city}.",
  "The thing that drives me up the wall with {target} is {aspect}, especially on a busy {sat}.",
  "Honestly, {aspect} is what spoils {target} for me, at {age} as much as ever.",
  "If I could fix one thing about {target}, it would be {aspect}, before I lose another evening in {city} to it.",
  "I use {target} more than I would like as {aOcc}, and {aspect} is the worst part.",
  "For me the trouble with {target} starts with {aspect}, and I am {age}, not a teenager with endless patience.",
];

/** A last sentence that ties the complaint to the persona's own life. */
export const FRUSTRATION_PERSONAL: readonly string[] = [
  "As {aOcc}, I do not have time to fight with it.",
  "I have better things to do with my evenings in {city} than argue with a screen.",
  "When I have been on my feet all day as {aOcc}, I just want it to work.",
  "I would rather spend that time on {interest}.",
  "I am {age}, and I should not need someone younger to sort it out for me.",
  "I have half a mind to move everything to another bank, but that sounds like even more trouble.",
  "It should be the easiest part of my week, and instead it is the one I put off.",
];

/** Stance leads by band: {reason} completes them. Each says yes/no/probably/it depends first. */
export const STANCE_LEADS = {
  yes: [
    "Yes, I would: {reason}.",
    "Yes, probably without thinking twice, because {reason}.",
    "I would, yes; {reason}.",
    "Yes, and the reason is simple: {reason}.",
    "Honestly, yes: {reason}.",
  ],
  probably: [
    "Probably, yes, because {reason}.",
    "I think so, yes: {reason}.",
    "Probably, given that {reason}.",
    "Most likely yes, since {reason}.",
  ],
  depends: [
    "It depends, really: {reason}.",
    "Maybe; it depends, because {reason}.",
    "It depends on the details, since {reason}.",
    "I could go either way, so it depends: {reason}.",
  ],
  probablyNot: [
    "Probably not, because {reason}.",
    "Probably not, if I am honest: {reason}.",
    "I doubt it, honestly: {reason}.",
    "Probably not; {reason}.",
  ],
  no: [
    "No, I would not: {reason}.",
    "No, since {reason}.",
    "Honestly, no, because {reason}.",
    "No; {reason}.",
    "No, not for me: {reason}.",
  ],
} as const;

export type Band = keyof typeof STANCE_LEADS;

/** Experience questions ("Have you ever…?") say what happened rather than what would. */
export const EXPERIENCE_LEADS = {
  yes: ["Yes, I have: {reason}.", "Yes, more than once, and {reason}.", "I have, yes; {reason}."],
  no: ["No, never: {reason}.", "No, I have not; {reason}.", "Not really, no: {reason}."],
} as const;

/**
 * Reasons for paying (or not) for something, by band. {thing}, {price} and {local}. Each also names something
 * of the persona's own ({aOcc}, {city}, {interest}, {age}, {shop}): a reason with only the question's thing and
 * price in it reads the same for every persona who lands on it, and a panel then shares its opener.
 */
export const MONEY_REASONS: Record<Band, readonly string[]> = {
  yes: [
    "if {thing} saves me an hour a week around being {aOcc}, it has paid for itself",
    "I already spend more than {price} on things I use far less, {interest} included",
    "{price} is about what I spend on a couple of lunches out in {city}, and I would use it every day",
    "as {aOcc}, my evenings are short, and anything that plans the cooking for me is worth it",
    "planning is exactly the part I hate, and as {aOcc} I would gladly pay someone else to do it",
  ],
  probably: [
    "{price} is not much if it actually gets used, and with my weeks in {city} I think I would use it",
    "I would try it for a month alongside {interest} and see if it sticks",
    "that is a fair price for {city} as long as it is easy to cancel",
    "it sounds useful, and {price} will not break me at {age}",
  ],
  depends: [
    "{price} is fine if it really saves me time as {aOcc}, but I have paid for apps I stopped opening",
    "I would want to try it free first and see if it lasts longer than my phases with {interest}",
    "it would have to fit how I already do things at {age}, not make me start over",
    "it depends on whether it knows what I can actually get at {shop}",
  ],
  probablyNot: [
    "{price} adds up to {yearly} over a year, and that is real money to me in {city}",
    "I already manage fine with a notebook and what is on offer at {shop}",
    "I have too many subscriptions I forget to cancel as it is, and {city} is not cheap",
    "I would rather put that money towards {interest}",
  ],
  no: [
    "{price} is {local} here, and that buys a good part of a week's shopping",
    "at {age}, I have never paid for an app and I am not starting with this one",
    "I have fed myself in {city} for years without an app telling me what to cook",
    "every {currency} I have already has somewhere it needs to go",
  ],
};

/** Reasons for trying, using, doing or liking something. */
export const GENERAL_REASONS: Record<Band, readonly string[]> = {
  yes: [
    "it fits the way I live in {city}",
    "it sounds like exactly the kind of thing I would enjoy, like {interest}",
    "I like trying things, and this one makes sense for {aOcc} like me",
    "it matters to me, the way {value} does",
  ],
  probably: [
    "it sounds sensible for someone in my situation in {city}",
    "I can see it working for me in {city}, with a bit of getting used to",
    "there is not much to lose, and at {age} I am still curious",
    "it lines up with {value}, which I care about",
  ],
  depends: [
    "it would depend on the details and on what it asks of {aOcc} like me",
    "there is a good version of that and a bad one, and in {city} you see plenty of both",
    "some days I would say yes and some days no, depending on how {interest} and work leave me",
    "it would have to fit around being {aOcc}",
  ],
  probablyNot: [
    "it does not really fit how I live in {city}",
    "at {age}, I am happy with how I do things now",
    "I would rather put my time into {interest}",
    "I am not convinced it is for {aOcc} like me",
  ],
  no: [
    "it is just not for me, not at {age}",
    "I have no need for it in {city}, and I like my life as it is",
    "it goes against what I care about, {value} above all",
    "I tried something like that once in {city} and did not like it",
  ],
};

export const EXPERIENCE_REASONS = {
  yes: [
    "the first time was years ago in {city}, and it stuck with me",
    "it was not what I expected at {age}, but I would do it again",
    "a friend who knows how much I like {interest} talked me into it, and I am glad they did",
  ],
  no: [
    "it has never really come up in my life as {aOcc}",
    "I have never had the chance in {city}, or the nerve, to be honest",
    "it is not something people around me in {city} do much",
  ],
} as const;

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

/** Why it mattered: the second sentence of a pride story. */
export const PRIDE_WHY: readonly string[] = [
  "Nobody asked me to; I just could not leave it half done, and that is still how I work as {aOcc}.",
  "It mattered because people in {city} were counting on me, and I did not let them down.",
  "What made me proud was not the praise, it was knowing I had done it properly.",
  "I still think of it on bad days, because it reminds me what I can do at {age}.",
  "It showed me that {value} is not just a word for me.",
  "I told my family about it that night and could not stop smiling.",
  "It is the sort of thing nobody else remembers, but I do, and it still gets me through a hard week.",
  "I think of it whenever I am fed up with {frustration}.",
  "It gave me the confidence I needed for {goal}.",
  "Looking back, that was when I stopped doubting myself.",
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
      "My alarm goes at {wake}, and the first thing I do is make {drink}.",
      "I wake at {wake} most mornings, {drink} before anything else.",
      "The alarm is set for {wake} on work days; I have {drink} standing up in the kitchen.",
    ],
    retired: [
      "No alarm these days, but I still wake around {wake} out of habit and make {drink}.",
      "I wake early, about {wake}, and sit with {drink} and the radio for a while.",
    ],
    student: [
      "The alarm goes at {wake}, and I usually hit snooze at least once before {drink}.",
      "I wake around {wake}, grab {drink}, and check my phone before I am properly awake.",
    ],
    religious: [
      "We rise at {wake} for morning prayer, and breakfast comes after.",
      "I wake at {wake}, and the day starts with prayer in the chapel, then a simple breakfast and {drink}.",
    ],
    farm: ["I am up before dawn, around {wake}, with {drink} before I go out to the animals and the fields."],
    other: [
      "I wake around {wake} and have {drink} while the house is still quiet.",
      "Most mornings start at {wake} with {drink} and the news on the radio.",
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
