/**
 * Hand-written tables that turn a drawn US-adult profile into a persona seed. None of them is a target:
 * the draw picks from them, the marginals (us-adults.ts) are what the population is held to. Each table
 * says where its figures come from, or that it is illustrative.
 */
import type { SupportingTables } from "../preset.ts";

type Supporting = Omit<SupportingTables, "employmentShift" | "incomeShift">;

const p = (city: string, state: string, weight: number) => ({ city, state, weight });

/**
 * Urban places: the largest metropolitan statistical areas of each census region, named by their principal
 * city, weighted by the metro's 2020 Census population in millions (rounded, approximate: weights only).
 * A metro spanning states is named by its principal city (New York's includes northern New Jersey).
 * Rural places: small towns of each region, equal weights. Illustrative, not a statistic.
 */
// biome-ignore format: a data table, kept one row per line
const PLACES: Supporting["places"] = {
  Northeast: {
    urban: [
      p("New York", "NY", 20.14), p("Philadelphia", "PA", 6.25), p("Boston", "MA", 4.94), p("Pittsburgh", "PA", 2.37),
      p("Providence", "RI", 1.68), p("Hartford", "CT", 1.21), p("Buffalo", "NY", 1.17), p("Rochester", "NY", 1.09),
      p("Worcester", "MA", 0.98), p("Albany", "NY", 0.9), p("Allentown", "PA", 0.86), p("Portland", "ME", 0.55),
      p("Manchester", "NH", 0.42), p("Trenton", "NJ", 0.39), p("Burlington", "VT", 0.23),
    ],
    rural: [
      p("Montpelier", "VT", 1), p("Presque Isle", "ME", 1), p("Littleton", "NH", 1), p("Honesdale", "PA", 1),
      p("Wellsboro", "PA", 1), p("Cooperstown", "NY", 1), p("Malone", "NY", 1), p("Great Barrington", "MA", 1),
      p("Sussex", "NJ", 1), p("Litchfield", "CT", 1),
    ],
  },
  Midwest: {
    urban: [
      p("Chicago", "IL", 9.62), p("Detroit", "MI", 4.39), p("Minneapolis", "MN", 3.69), p("St. Louis", "MO", 2.82),
      p("Cincinnati", "OH", 2.26), p("Kansas City", "MO", 2.19), p("Columbus", "OH", 2.14), p("Indianapolis", "IN", 2.11),
      p("Cleveland", "OH", 2.09), p("Milwaukee", "WI", 1.57), p("Grand Rapids", "MI", 1.09), p("Omaha", "NE", 0.97),
      p("Des Moines", "IA", 0.71), p("Madison", "WI", 0.68), p("Wichita", "KS", 0.65), p("Sioux Falls", "SD", 0.28),
      p("Fargo", "ND", 0.25),
    ],
    rural: [
      p("Decorah", "IA", 1), p("Spearfish", "SD", 1), p("Ely", "MN", 1), p("Hays", "KS", 1),
      p("Galena", "IL", 1), p("Baraboo", "WI", 1), p("Marietta", "OH", 1), p("Kirksville", "MO", 1),
      p("Valentine", "NE", 1), p("Dickinson", "ND", 1), p("Houghton", "MI", 1), p("Jasper", "IN", 1),
    ],
  },
  South: {
    urban: [
      p("Dallas", "TX", 7.64), p("Houston", "TX", 7.12), p("Washington", "DC", 6.39), p("Miami", "FL", 6.14),
      p("Atlanta", "GA", 6.09), p("Tampa", "FL", 3.18), p("Baltimore", "MD", 2.84), p("Orlando", "FL", 2.67),
      p("Charlotte", "NC", 2.66), p("San Antonio", "TX", 2.56), p("Austin", "TX", 2.28), p("Nashville", "TN", 1.99),
      p("Virginia Beach", "VA", 1.8), p("Jacksonville", "FL", 1.61), p("Oklahoma City", "OK", 1.43), p("Raleigh", "NC", 1.41),
      p("Memphis", "TN", 1.34), p("Richmond", "VA", 1.31), p("Louisville", "KY", 1.29), p("New Orleans", "LA", 1.27),
      p("Birmingham", "AL", 1.12), p("Charleston", "SC", 0.8), p("Little Rock", "AR", 0.75), p("Jackson", "MS", 0.59),
    ],
    rural: [
      p("Boone", "NC", 1), p("Hazard", "KY", 1), p("Natchez", "MS", 1), p("Fredericksburg", "TX", 1),
      p("Alpine", "TX", 1), p("Elkins", "WV", 1), p("Dahlonega", "GA", 1), p("Abbeville", "LA", 1),
      p("Mountain Home", "AR", 1), p("Easton", "MD", 1), p("Guymon", "OK", 1), p("Eufaula", "AL", 1),
    ],
  },
  West: {
    urban: [
      p("Los Angeles", "CA", 13.2), p("Phoenix", "AZ", 4.85), p("San Francisco", "CA", 4.75), p("Riverside", "CA", 4.6),
      p("Seattle", "WA", 4.02), p("San Diego", "CA", 3.3), p("Denver", "CO", 2.96), p("Portland", "OR", 2.51),
      p("Sacramento", "CA", 2.4), p("Las Vegas", "NV", 2.27), p("San Jose", "CA", 2), p("Salt Lake City", "UT", 1.26),
      p("Tucson", "AZ", 1.04), p("Honolulu", "HI", 1.02), p("Fresno", "CA", 1.01), p("Albuquerque", "NM", 0.92),
      p("Boise", "ID", 0.76), p("Anchorage", "AK", 0.4), p("Billings", "MT", 0.18), p("Cheyenne", "WY", 0.1),
    ],
    rural: [
      p("Moab", "UT", 1), p("Sandpoint", "ID", 1), p("Taos", "NM", 1), p("Ely", "NV", 1),
      p("Cody", "WY", 1), p("Hood River", "OR", 1), p("Port Angeles", "WA", 1), p("Sonora", "CA", 1),
      p("Durango", "CO", 1), p("Kalispell", "MT", 1), p("Sitka", "AK", 1), p("Bisbee", "AZ", 1),
    ],
  },
};

/**
 * First names common among US births of each decade, by sex: drawn from the Social Security
 * Administration's published "top names of the decade" (public), top 14 each, picked uniformly.
 */
// biome-ignore format: a data table, kept one row per line
const FIRST_NAMES: Supporting["firstNames"] = {
  male: {
    "1940s": ["James", "Robert", "John", "William", "Richard", "David", "Charles", "Thomas", "Michael", "Ronald", "Larry", "Donald", "Joseph", "Gary"],
    "1950s": ["James", "Michael", "Robert", "John", "David", "William", "Richard", "Thomas", "Mark", "Charles", "Steven", "Gary", "Joseph", "Donald"],
    "1960s": ["Michael", "David", "John", "James", "Robert", "Mark", "William", "Richard", "Thomas", "Jeffrey", "Steven", "Joseph", "Timothy", "Kevin"],
    "1970s": ["Michael", "Christopher", "Jason", "David", "James", "John", "Robert", "Brian", "William", "Matthew", "Joseph", "Daniel", "Kevin", "Eric"],
    "1980s": ["Michael", "Christopher", "Matthew", "Joshua", "David", "James", "Daniel", "Robert", "John", "Joseph", "Jason", "Justin", "Andrew", "Ryan"],
    "1990s": ["Michael", "Christopher", "Matthew", "Joshua", "Jacob", "Nicholas", "Andrew", "Daniel", "Tyler", "Joseph", "Brandon", "David", "James", "Ryan"],
    "2000s": ["Jacob", "Michael", "Joshua", "Matthew", "Daniel", "Christopher", "Andrew", "Ethan", "Joseph", "William", "Anthony", "David", "Alexander", "Nicholas"],
  },
  female: {
    "1940s": ["Mary", "Linda", "Barbara", "Patricia", "Carol", "Sandra", "Nancy", "Sharon", "Judith", "Susan", "Betty", "Carolyn", "Margaret", "Shirley"],
    "1950s": ["Mary", "Linda", "Patricia", "Susan", "Deborah", "Barbara", "Debra", "Karen", "Nancy", "Donna", "Cynthia", "Sandra", "Pamela", "Sharon"],
    "1960s": ["Lisa", "Mary", "Susan", "Karen", "Kimberly", "Patricia", "Linda", "Donna", "Michelle", "Cynthia", "Sandra", "Deborah", "Tammy", "Pamela"],
    "1970s": ["Jennifer", "Amy", "Melissa", "Michelle", "Kimberly", "Lisa", "Angela", "Heather", "Stephanie", "Nicole", "Jessica", "Elizabeth", "Rebecca", "Kelly"],
    "1980s": ["Jessica", "Jennifer", "Amanda", "Ashley", "Sarah", "Stephanie", "Melissa", "Nicole", "Elizabeth", "Heather", "Tiffany", "Michelle", "Amber", "Megan"],
    "1990s": ["Jessica", "Ashley", "Emily", "Sarah", "Samantha", "Amanda", "Brittany", "Elizabeth", "Taylor", "Megan", "Hannah", "Kayla", "Lauren", "Stephanie"],
    "2000s": ["Emily", "Madison", "Emma", "Olivia", "Hannah", "Abigail", "Isabella", "Samantha", "Elizabeth", "Ashley", "Alexis", "Sarah", "Sophia", "Alyssa"],
  },
};

/** The 50 most frequent surnames of the 2010 Census (Census Bureau, "Frequently Occurring Surnames"), picked uniformly. */
// biome-ignore format: a data table, kept one row per line
const LAST_NAMES: Supporting["lastNames"] = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
];

/** Occupations plausible for each level of education, picked uniformly. Illustrative, not a statistic. */
// biome-ignore format: a data table, kept one row per line
const OCCUPATIONS: Supporting["occupations"] = {
  less_than_high_school: ["cashier", "line cook", "construction laborer", "home health aide", "warehouse worker", "janitor", "landscaper", "farmworker", "housekeeper", "dishwasher"],
  high_school_or_ged: ["truck driver", "retail supervisor", "customer service representative", "office clerk", "machinist", "bus driver", "security guard", "carpenter", "hair stylist", "delivery driver"],
  some_college_or_associate: ["registered nurse", "dental hygienist", "paralegal", "medical assistant", "IT support specialist", "electrician", "police officer", "bookkeeper", "real estate agent", "HVAC technician"],
  bachelors: ["accountant", "software developer", "elementary school teacher", "marketing manager", "financial analyst", "civil engineer", "graphic designer", "human resources specialist", "sales manager", "social worker"],
  graduate_or_professional: ["physician", "lawyer", "pharmacist", "university professor", "nurse practitioner", "school principal", "data scientist", "psychologist", "physical therapist", "architect"],
};

export const US_ADULTS_SUPPORTING: Supporting = {
  // PEP's July 1, 2022 estimates: ages are counted from 2022.
  referenceYear: 2022,
  // 75+ is drawn over 75-95 with linearly falling weights (about 41% aged 75-79, 30% 80-84, 29% 85+),
  // an approximation of the shape of the oldest ages, not a table.
  ageRanges: {
    "18-24": { min: 18, max: 24 },
    "25-34": { min: 25, max: 34 },
    "35-44": { min: 35, max: 44 },
    "45-54": { min: 45, max: 54 },
    "55-64": { min: 55, max: 64 },
    "65-74": { min: 65, max: 74 },
    "75+": { min: 75, max: 95, declining: true },
  },
  places: PLACES,
  firstNames: FIRST_NAMES,
  lastNames: LAST_NAMES,
  occupations: OCCUPATIONS,
  // Illustrative: who is out of the labour force, by age (students are young, retirees are 62+).
  notWorking: {
    student: "student",
    studentUntilAge: 24,
    retiredFromAge: 62,
    other: ["homemaker", "stay-at-home parent", "family caregiver", "volunteer"],
  },
  // Approximate figures of the Census report "Language Use in the United States: 2019" (ACS, population
  // 5+): 78.4% speak only English at home, 13.3% Spanish, 8.3% another language; the other languages are
  // weighted by their approximate speakers in millions. Every member also speaks English (simplification).
  languages: {
    atHome: { englishOnly: 0.784, spanish: 0.133, other: 0.083 },
    others: [
      { language: "Chinese", weight: 3.5 },
      { language: "Tagalog", weight: 1.8 },
      { language: "Vietnamese", weight: 1.6 },
      { language: "Arabic", weight: 1.3 },
      { language: "French", weight: 1.2 },
      { language: "Korean", weight: 1.1 },
      { language: "Russian", weight: 0.95 },
      { language: "Haitian Creole", weight: 0.92 },
      { language: "German", weight: 0.9 },
      { language: "Hindi", weight: 0.9 },
      { language: "Portuguese", weight: 0.8 },
    ],
  },
};
