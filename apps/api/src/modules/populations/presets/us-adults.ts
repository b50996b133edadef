/**
 * The "us-adults" preset: US adults (18+) as published by the Census Bureau and BLS.
 *
 * Copied from the project's reference data `shared/data/us-adults.json` (a research pass that transcribed
 * the figures from the public sources named on each variable; its intermediate copies were
 * aberke/amazon-study `data/census/*.csv`, MIT, commit da55dc9386aa9bdb5564167ade3159dcbe89e972, and
 * pewresearch/pewmethods `acs_2017_excerpt`, MIT, commit d7c0481736d1b8453b0f186f2ebdfd6b01c172f4).
 * License: the figures are U.S. federal statistics, in the public domain (17 U.S.C. 105); cite "Source:
 * U.S. Census Bureau" (and BLS for employment). Only numbers and category labels are copied.
 *
 * Kept: sex, age band, education (18+), household income, census region, urban/rural, employment status.
 * Left out: race/ethnicity (its only table is the total population of all ages, and a persona seed has no
 * such field) and marital status (only the never-married share was sourced; the rest is not invented).
 */
import type { ConditionalShift, EmploymentStatus, IncomeBracket, Marginals, Preset } from "../preset.ts";
import { US_ADULTS_SUPPORTING } from "./us-adults-supporting.ts";

const PEP_AGESEX = "U.S. Census Bureau, Population Estimates Vintage 2022, NC-EST2022-AGESEX-RES (July 1, 2022)";

const MARGINALS: Marginals = {
  sex: {
    source: PEP_AGESEX,
    year: 2022,
    universe: "resident population 18+",
    shares: { male: 0.4915, female: 0.5085 },
  },
  age_band: {
    source: PEP_AGESEX,
    year: 2022,
    universe: "resident population 18+",
    shares: {
      "18-24": 0.1201,
      "25-34": 0.1744,
      "35-44": 0.1675,
      "45-54": 0.155,
      "55-64": 0.1613,
      "65-74": 0.1295,
      "75+": 0.092,
    },
  },
  education: {
    source: "U.S. Census Bureau, Educational Attainment in the United States: 2022 (CPS ASEC), Table 1, all races",
    year: 2022,
    universe: "civilian noninstitutionalized population 18+",
    note: "18+, not 25+: includes 18-24 year-olds still enrolled, so high school and some college are higher than in 25+ tables.",
    shares: {
      less_than_high_school: 0.0956,
      high_school_or_ged: 0.292,
      some_college_or_associate: 0.2644,
      bachelors: 0.2208,
      graduate_or_professional: 0.1273,
    },
  },
  household_income: {
    source: "U.S. Census Bureau, CPS ASEC 2022, Table HINC-01 (money income in 2021)",
    year: 2022,
    universe: "households (not persons), 2021 dollars",
    note: "A household distribution assigned to adults: adults of small, often lower-income households are overweighted.",
    shares: {
      "<25k": 0.1744,
      "25-50k": 0.1876,
      "50-75k": 0.1618,
      "75-100k": 0.1186,
      "100-150k": 0.1589,
      "150k+": 0.1986,
    },
  },
  census_region: {
    source: "U.S. Census Bureau, Population Estimates Vintage 2022, SCPRC-EST2022-18+POP (July 1, 2022)",
    year: 2022,
    universe: "resident population 18+, 50 states and DC",
    shares: { Northeast: 0.1746, Midwest: 0.2056, South: 0.3838, West: 0.236 },
  },
  urban_rural: {
    source: "U.S. Census Bureau, press release CB22-CN.25, 2020 Census urban areas",
    year: 2020,
    universe: "total population, all ages (2020 urban-area criteria)",
    shares: { urban: 0.8, rural: 0.2 },
  },
  employment_status: {
    source: "BLS Monthly Labor Review, May 2024 (CPS, fourth-quarter 2023 averages, seasonally adjusted)",
    year: 2023,
    universe: "civilian noninstitutional population 16+",
    note: "employed = employment-population ratio 60.3%; unemployed = participation 62.6% minus 60.3%; the rest not in the labor force.",
    shares: { employed: 0.603, unemployed: 0.023, not_in_labor_force: 0.374 },
  },
};

const ACS_2017 = "ACS 2017 1-year PUMS summary (acs_2017_excerpt in Pew Research Center's pewmethods)";

/**
 * Employment given age and education. Illustrative, not a statistic: approximate ratios of the CPS
 * employment-population ratio and participation by age and by education to their totals, rounded.
 */
const EMPLOYMENT_SHIFT: ConditionalShift<EmploymentStatus> = {
  note: "illustrative multipliers (direction of CPS age and education patterns), calibrated back to the marginal",
  byAge: {
    "18-24": { employed: 0.85, unemployed: 2.2, not_in_labor_force: 1.2 },
    "25-34": { employed: 1.33, unemployed: 1.2, not_in_labor_force: 0.45 },
    "35-44": { employed: 1.33, unemployed: 0.9, not_in_labor_force: 0.45 },
    "45-54": { employed: 1.3, unemployed: 0.8, not_in_labor_force: 0.47 },
    "55-64": { employed: 1.05, unemployed: 0.75, not_in_labor_force: 0.95 },
    "65-74": { employed: 0.45, unemployed: 0.35, not_in_labor_force: 1.95 },
    "75+": { employed: 0.13, unemployed: 0.1, not_in_labor_force: 2.45 },
  },
  byEducation: {
    less_than_high_school: { employed: 0.75, unemployed: 1.6, not_in_labor_force: 1.35 },
    high_school_or_ged: { employed: 0.93, unemployed: 1.2, not_in_labor_force: 1.1 },
    some_college_or_associate: { employed: 1, unemployed: 1, not_in_labor_force: 1 },
    bachelors: { employed: 1.12, unemployed: 0.7, not_in_labor_force: 0.82 },
    graduate_or_professional: { employed: 1.15, unemployed: 0.6, not_in_labor_force: 0.78 },
  },
};

/**
 * Household income given age and education. Illustrative, not a statistic: the known shape (income rises
 * with education, peaks at 45-54, falls after 65), as multipliers on each bracket.
 */
const INCOME_SHIFT: ConditionalShift<IncomeBracket> = {
  note: "illustrative multipliers (income rises with education and peaks mid-career), calibrated back to the marginal",
  byAge: {
    "18-24": { "<25k": 1.4, "25-50k": 1.3, "50-75k": 1, "75-100k": 0.85, "100-150k": 0.75, "150k+": 0.65 },
    "25-34": { "<25k": 0.85, "25-50k": 1.1, "50-75k": 1.1, "75-100k": 1.1, "100-150k": 1, "150k+": 0.85 },
    "35-44": { "<25k": 0.7, "25-50k": 0.85, "50-75k": 0.95, "75-100k": 1.05, "100-150k": 1.15, "150k+": 1.25 },
    "45-54": { "<25k": 0.7, "25-50k": 0.8, "50-75k": 0.9, "75-100k": 1, "100-150k": 1.15, "150k+": 1.35 },
    "55-64": { "<25k": 0.9, "25-50k": 0.9, "50-75k": 0.95, "75-100k": 1, "100-150k": 1.05, "150k+": 1.1 },
    "65-74": { "<25k": 1.2, "25-50k": 1.2, "50-75k": 1.1, "75-100k": 1, "100-150k": 0.85, "150k+": 0.7 },
    "75+": { "<25k": 1.8, "25-50k": 1.4, "50-75k": 1, "75-100k": 0.8, "100-150k": 0.6, "150k+": 0.45 },
  },
  byEducation: {
    less_than_high_school: { "<25k": 2.2, "25-50k": 1.5, "50-75k": 0.9, "75-100k": 0.6, "100-150k": 0.4, "150k+": 0.2 },
    high_school_or_ged: { "<25k": 1.4, "25-50k": 1.3, "50-75k": 1.05, "75-100k": 0.9, "100-150k": 0.7, "150k+": 0.5 },
    some_college_or_associate: {
      "<25k": 1,
      "25-50k": 1.1,
      "50-75k": 1.1,
      "75-100k": 1.05,
      "100-150k": 1,
      "150k+": 0.8,
    },
    bachelors: { "<25k": 0.55, "25-50k": 0.7, "50-75k": 0.9, "75-100k": 1.05, "100-150k": 1.25, "150k+": 1.6 },
    graduate_or_professional: {
      "<25k": 0.4,
      "25-50k": 0.55,
      "50-75k": 0.75,
      "75-100k": 0.95,
      "100-150k": 1.25,
      "150k+": 2,
    },
  },
};

export const US_ADULTS: Preset = {
  id: "us-adults",
  name: "US adults (18+)",
  license:
    "U.S. federal statistics (Census Bureau, BLS), public domain (17 U.S.C. 105). Source: U.S. Census Bureau; BLS for employment.",
  marginals: MARGINALS,
  joint: {
    ageBandBySex: {
      source: PEP_AGESEX,
      year: 2022,
      universe: "resident population 18+",
      table: {
        "18-24": { male: 0.06141, female: 0.05869 },
        "25-34": { male: 0.0889, female: 0.08554 },
        "35-44": { male: 0.0848, female: 0.08272 },
        "45-54": { male: 0.07775, female: 0.07726 },
        "55-64": { male: 0.07925, female: 0.0821 },
        "65-74": { male: 0.061, female: 0.06854 },
        "75+": { male: 0.03841, female: 0.05363 },
      },
    },
    educationByAgeSex: {
      source: ACS_2017,
      year: 2017,
      universe: "non-institutionalized population 18+",
      note: "The only education × age table found: 3 education groups, 65+ not split. Used for the within-age pattern; the draw calibrates it to the 2022 education marginal.",
      table: {
        "18-24": {
          male: { hs_or_less: 0.03027, some_college_or_associate: 0.02652, bachelors_or_higher: 0.00578 },
          female: { hs_or_less: 0.02353, some_college_or_associate: 0.02881, bachelors_or_higher: 0.00797 },
        },
        "25-34": {
          male: { hs_or_less: 0.03256, some_college_or_associate: 0.02739, bachelors_or_higher: 0.02884 },
          female: { hs_or_less: 0.02488, some_college_or_associate: 0.02851, bachelors_or_higher: 0.03555 },
        },
        "35-44": {
          male: { hs_or_less: 0.03125, some_college_or_associate: 0.02263, bachelors_or_higher: 0.02677 },
          female: { hs_or_less: 0.02547, some_college_or_associate: 0.02492, bachelors_or_higher: 0.03294 },
        },
        "45-54": {
          male: { hs_or_less: 0.03436, some_college_or_associate: 0.02242, bachelors_or_higher: 0.02572 },
          female: { hs_or_less: 0.03013, some_college_or_associate: 0.02646, bachelors_or_higher: 0.02942 },
        },
        "55-64": {
          male: { hs_or_less: 0.0342, some_college_or_associate: 0.02266, bachelors_or_higher: 0.0236 },
          female: { hs_or_less: 0.03384, some_college_or_associate: 0.02779, bachelors_or_higher: 0.02561 },
        },
        "65+": {
          male: { hs_or_less: 0.03671, some_college_or_associate: 0.0226, bachelors_or_higher: 0.02946 },
          female: { hs_or_less: 0.05513, some_college_or_associate: 0.02911, bachelors_or_higher: 0.02622 },
        },
      },
      ageGroupOf: {
        "18-24": "18-24",
        "25-34": "25-34",
        "35-44": "35-44",
        "45-54": "45-54",
        "55-64": "55-64",
        "65-74": "65+",
        "75+": "65+",
      },
      groupOf: {
        less_than_high_school: "hs_or_less",
        high_school_or_ged: "hs_or_less",
        some_college_or_associate: "some_college_or_associate",
        bachelors: "bachelors_or_higher",
        graduate_or_professional: "bachelors_or_higher",
      },
    },
  },
  supporting: { ...US_ADULTS_SUPPORTING, employmentShift: EMPLOYMENT_SHIFT, incomeShift: INCOME_SHIFT },
};
