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

/**
 * Second and third sentences of a weekend story, past tense. Ten personas asked about their weekend all
 * draw from here, so each line says its thing several ways ([a|b]) or names something of the persona's own.
 */
export const WEEKEND_DETAILS: readonly string[] = [
  "[I cooked a proper meal on {sun} evening for once|On {sun} evening I actually cooked properly for once|I made a big pot of something on {sun} evening], [instead of eating whatever was quick|and there was enough left over for two more days|which I keep promising myself I will do more often].",
  "I caught up on [the washing and the cleaning|the laundry and the floors|the ironing and a pile of post|the cleaning, and the bathroom I had been avoiding], which is [never the fun part|nobody's idea of a weekend|the part of a weekend nobody asks about].",
  "I met up with [a couple of friends|an old friend|some friends I had not seen in months|a cousin I do not see enough of] in {city} on {sat} [night|evening] and stayed out later than I meant to.",
  "I [called|rang|had a long call with] [my family|my brother|my cousins|an old friend who moved away] on {sun}, which I try to do every week.",
  "By {sun} evening I was already [thinking about|making lists for|half dreading] the week ahead[, which is a bad habit of mine|, as usual|].",
  "[The weather held up|It stayed dry|The weather was kinder than the forecast said], so I [spent a good part of it outside|got out for a long walk|had my tea outside for once].",
  "[I finally got round to|I spent a morning on|I made a start on] [a few jobs around the house|a pile of paperwork|the kitchen cupboards|a wobbly shelf and a dripping tap] that had been waiting for weeks.",
  "[I slept in on {sun}|On {sun} I slept until nearly nine|I let myself sleep late on {sun}], and [I do not regret it|I needed it more than I knew|it did me the world of good].",
  "On {sun} afternoon I [finally had|found|managed to get] [an hour or two|a couple of hours|a quiet stretch] for {interest2}, [which I had been looking forward to all week|and I lost track of time|and that was the best part of it].",
  "I went to {shop} on {sun} for [the things I forgot on {sat}|bread and milk|one or two bits][ and came back with far more| and somehow it took an hour|, and of course I bumped into someone I knew].",
  "[A neighbour|Someone from down the road|An old friend] [dropped by|came round] on {sat}, and [what was meant to be a quick cup of tea turned into the whole afternoon|we ended up talking for hours|I made us something to eat].",
  "I [went for|took] a long walk [around|through|across] {city} on {sun}[, no plan, just walking|, further than I meant to|, just to clear my head].",
  "I watched [a film|an old film|two episodes of something|the match] on {sat} night and fell asleep [before the end|halfway through|on the sofa].",
  "I spent [longer than I would like|a good hour|far too long] on my phone on {sat} night[, which I always regret|, scrolling through nothing in particular|].",
  "I [went through|sorted out|paid] the bills on {sun}[ and worked out what was left for the week|, which always puts me in a serious mood|, not my favourite job].",
  "I [baked|made] [a cake|bread|a batch of biscuits] on {sun}[, and the whole place smelled of it all day|, and most of it was gone by the evening|].",
  "I cleared out [the wardrobe|a cupboard|the drawer everything ends up in] on {sun} and [filled two bags for charity|found things I had forgotten I owned|gave half of it away].",
  "On {sat} I [went to|dropped in on] [a friend's birthday|a family lunch|a neighbour's party] [in {city}|across town][ and stayed longer than I planned| and it was good to see everyone|].",
];

export const WEEKEND_FAMILY = {
  kids: [
    "The kids had [their activities|football|a birthday party to get to] on {sat} morning, so a lot of it was [driving them around|ferrying them about|waiting around for them].",
    "I took the kids [out|to the park|to see their cousins] on {sun} afternoon so the house could have a bit of peace.",
    "[Most of|A good part of] {sat} went on [homework|a school project|school shoes] with the kids, [which nobody enjoyed|and we got there in the end].",
    "The kids [were up at dawn|had friends over|wanted pancakes] on {sun}, so it was [never going to be a lie-in|loud from the start|a busy one at home].",
  ],
  grown: [
    "With my children grown up, the weekend is [quieter than it used to be|mine to plan|not the rush it once was].",
    "I [spoke to|caught up with] my children on {sun}[, which is the part of the week I look forward to most|, and heard all their news].",
    "One of my children came [round|over] for lunch on {sun}[, and the house felt full again for a few hours|, which made my week].",
  ],
  partner: [
    "My {partner} and I went out for dinner on {sat}, which we do not manage often enough.",
    "On {sun} my {partner} and I had a slow breakfast and did not rush anywhere.",
    "My {partner} and I [went for a long walk|went to see friends|pottered around the house] on {sun}[, which was exactly what we needed|, and nobody mentioned work once|].",
    "My {partner} [cooked on {sat}|made lunch on {sun}], so [I only had the washing up to do|I got to put my feet up for once].",
  ],
  alone: [
    "I had the place to myself and I liked it that way.",
    "It was a quiet one on my own, which suited me fine.",
    "With nobody else at home, [the weekend|{sun}] was mine to arrange, and [I kept it slow|I did not hurry anything|I liked it that way].",
  ],
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
      "With [the kids|children in the house], I buy [in bulk|the big packs|double of everything they like], because [it disappears in two days|the fridge empties faster than I can fill it].",
      "The kids [each have|all have] their favourites, so [those go in first|those go in the trolley before anything else] and I build the week around them.",
    ],
    grown: [
      "Now the children are grown, I [buy much less than I used to|still catch myself buying for a full house|have had to relearn cooking for fewer people].",
      "[When the family comes round|If the children are visiting], I buy [extra|their old favourites|more than we need], and the rest of the time I keep it simple.",
    ],
    partner: [
      "My {partner} and I eat differently, so I make sure there is something for both of us.",
      "It is [two of us|just the two of us] to feed, so [one big shop does the week|I buy for four or five proper meals and we wing the rest].",
      "My {partner} [likes to come along|has opinions about the list|does the cooking some nights], so [we shop together when we can|I check with my {partner} before I go].",
    ],
    alone: [
      "I am only cooking for myself, so I buy small and try not to waste anything.",
      "[Cooking for one|Shopping for one person] is [harder than it sounds|its own skill], because everything comes in packs for a family, so I buy [loose|the small sizes|only what I will use in a few days].",
      "On my own, I [cook once and eat it twice|make a big pot and freeze half|keep to a few dishes I can make without thinking].",
    ],
    religious: [
      "We cook for the whole community, so it is big bags of rice and vegetables, and nothing fancy.",
      "With the whole community to feed, [the list is long but plain|nothing is bought in small sizes], and [whoever is on kitchen duty that week has the final say|we use up everything before buying more].",
    ],
    other: [
      "[I think about the week ahead|I look at the week ahead first|I start from the week I have coming]: the [long|late|busy] days get something quick, the [free|quiet] evenings something proper.",
      "I plan around my week as {aOcc}: quick things for the busy days, something proper when I have time.",
      "I buy for the meals I know I will actually cook, not the ones I like to imagine cooking[ on a {sun}| when I am feeling ambitious|].",
      "I keep a few staples I always buy[, rice, eggs, bread and onions|, the things I would miss if they ran out|], and the rest depends on [what I fancy that week|what looks good|what is cheap that week].",
      "[Breakfast and lunch|The weekday lunches] are [the same every week|sorted without thinking], so the real decisions are [the evening meals|what I cook on {sat} and {sun}].",
      "I [check|look in] the fridge [before I leave|on my way out], so I am not buying [a third jar of something|what I already have|more of what is about to go off].",
      "Some things I only buy at the market in {city}, because [the supermarket ones taste of nothing|it is cheaper and fresher|I know the sellers].",
      "Whatever I cook on {sun} has to last [two|three] days, so [that is a big pot of something|I buy for that first].",
    ],
  },
  price: {
    thrifty: [
      "The basics come from {shop} because it is cheapest, and I only go to {shop2} for what I cannot get there.",
      "I try to keep it under {budget} a week, so I compare prices and buy the [own brand|cheapest brand|shop's own label] [nearly every time|whenever there is one].",
      "If something is on offer I stock up, and if the price has jumped I simply go without [this week|until it comes down|and buy something else].",
      "I [check|look at] the unit price, not the [big number on the label|price on the front], [because that is where they catch you|since the bigger pack is not always cheaper].",
      "I go [near closing time|late in the day] [for the reduced stickers|when the bread and vegetables are marked down], which saves more than people think.",
      "I [add it up as I go|keep a running total on my phone], and [if it goes over {budget}|once I pass {budget}] something goes back on the shelf.",
    ],
    comfortable: [
      "I will pay a bit more at {shop2} for good fruit and vegetables, because I can taste the difference.",
      "I do not chase offers much; I buy what I like and it comes to roughly {budget} a week.",
      "Quality matters more to me than the last few {currencyPlural}, so I go where the produce is good.",
      "I [rarely compare prices|do not look at prices much], as long as the total stays around {budget}, because [my time is worth more than the savings|good food is where I do not mind spending].",
      "[If I see something good|When something looks good] at {shop2}, I buy it and [work out the meal later|plan around it].",
    ],
  },
  close: [
    "[And there is always|I always allow myself] one small treat[ in the bag| at the till|, chocolate usually|, something sweet], whatever the budget says.",
    "By the time I get home I have [usually|nearly always] forgotten one thing, and it is [always|usually] [the milk|the onions|the bread|the one thing I went in for].",
    "Whatever is left at the end of the week goes into [a soup|a stew|an omelette|fried rice], so very little is wasted.",
    "If I have time I go to {shop2} on {sat} as well, for the fresh things.",
    "It has got more expensive in {city} lately, so I am stricter with the list than I used to be.",
    "The whole thing takes me [about an hour|forty minutes or so|most of a morning], and I would rather it took less.",
    "I pay by card these days and check it on the {bank} app afterwards, which is its own small misery.",
    "[Once a month|Every few weeks] I do a bigger shop for [the heavy things|rice, oil and cleaning things|tins and toilet roll], and the weekly one is just the fresh stuff.",
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
