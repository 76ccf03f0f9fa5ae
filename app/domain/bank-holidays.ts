// England and Wales bank holidays, 2009-2030, as published on GOV.UK (gov.uk/bank-holidays),
// including substitute days and one-off holidays. Years GOV.UK has not yet published follow
// the standing rules; if a one-off is announced, add it here and to ONE_OFF_CHANGES in the test.
// A literal table on purpose: working-day deadlines must match what Ofsted counts, so nothing
// is computed at runtime and no network look-up is made. bank-holidays.test.ts cross-checks it
// against an Easter + rules generator.

export const BANK_HOLIDAY_TABLE_RANGE: { first: number; last: number } = { first: 2009, last: 2030 };

/** Sorted `YYYY-MM-DD` dates. */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly string[] = Object.freeze([
  // 2009
  "2009-01-01", // Thu New Year's Day
  "2009-04-10", // Fri Good Friday
  "2009-04-13", // Mon Easter Monday
  "2009-05-04", // Mon Early May bank holiday
  "2009-05-25", // Mon Spring bank holiday
  "2009-08-31", // Mon Summer bank holiday
  "2009-12-25", // Fri Christmas Day
  "2009-12-28", // Mon Boxing Day (substitute day)
  // 2010
  "2010-01-01", // Fri New Year's Day
  "2010-04-02", // Fri Good Friday
  "2010-04-05", // Mon Easter Monday
  "2010-05-03", // Mon Early May bank holiday
  "2010-05-31", // Mon Spring bank holiday
  "2010-08-30", // Mon Summer bank holiday
  "2010-12-27", // Mon Christmas Day (substitute day)
  "2010-12-28", // Tue Boxing Day (substitute day)
  // 2011
  "2011-01-03", // Mon New Year's Day (substitute day)
  "2011-04-22", // Fri Good Friday
  "2011-04-25", // Mon Easter Monday
  "2011-04-29", // Fri Wedding of Prince William and Catherine Middleton
  "2011-05-02", // Mon Early May bank holiday
  "2011-05-30", // Mon Spring bank holiday
  "2011-08-29", // Mon Summer bank holiday
  "2011-12-26", // Mon Boxing Day
  "2011-12-27", // Tue Christmas Day (substitute day)
  // 2012
  "2012-01-02", // Mon New Year's Day (substitute day)
  "2012-04-06", // Fri Good Friday
  "2012-04-09", // Mon Easter Monday
  "2012-05-07", // Mon Early May bank holiday
  "2012-06-04", // Mon Spring bank holiday
  "2012-06-05", // Tue Queen's Diamond Jubilee
  "2012-08-27", // Mon Summer bank holiday
  "2012-12-25", // Tue Christmas Day
  "2012-12-26", // Wed Boxing Day
  // 2013
  "2013-01-01", // Tue New Year's Day
  "2013-03-29", // Fri Good Friday
  "2013-04-01", // Mon Easter Monday
  "2013-05-06", // Mon Early May bank holiday
  "2013-05-27", // Mon Spring bank holiday
  "2013-08-26", // Mon Summer bank holiday
  "2013-12-25", // Wed Christmas Day
  "2013-12-26", // Thu Boxing Day
  // 2014
  "2014-01-01", // Wed New Year's Day
  "2014-04-18", // Fri Good Friday
  "2014-04-21", // Mon Easter Monday
  "2014-05-05", // Mon Early May bank holiday
  "2014-05-26", // Mon Spring bank holiday
  "2014-08-25", // Mon Summer bank holiday
  "2014-12-25", // Thu Christmas Day
  "2014-12-26", // Fri Boxing Day
  // 2015
  "2015-01-01", // Thu New Year's Day
  "2015-04-03", // Fri Good Friday
  "2015-04-06", // Mon Easter Monday
  "2015-05-04", // Mon Early May bank holiday
  "2015-05-25", // Mon Spring bank holiday
  "2015-08-31", // Mon Summer bank holiday
  "2015-12-25", // Fri Christmas Day
  "2015-12-28", // Mon Boxing Day (substitute day)
  // 2016
  "2016-01-01", // Fri New Year's Day
  "2016-03-25", // Fri Good Friday
  "2016-03-28", // Mon Easter Monday
  "2016-05-02", // Mon Early May bank holiday
  "2016-05-30", // Mon Spring bank holiday
  "2016-08-29", // Mon Summer bank holiday
  "2016-12-26", // Mon Boxing Day
  "2016-12-27", // Tue Christmas Day (substitute day)
  // 2017
  "2017-01-02", // Mon New Year's Day (substitute day)
  "2017-04-14", // Fri Good Friday
  "2017-04-17", // Mon Easter Monday
  "2017-05-01", // Mon Early May bank holiday
  "2017-05-29", // Mon Spring bank holiday
  "2017-08-28", // Mon Summer bank holiday
  "2017-12-25", // Mon Christmas Day
  "2017-12-26", // Tue Boxing Day
  // 2018
  "2018-01-01", // Mon New Year's Day
  "2018-03-30", // Fri Good Friday
  "2018-04-02", // Mon Easter Monday
  "2018-05-07", // Mon Early May bank holiday
  "2018-05-28", // Mon Spring bank holiday
  "2018-08-27", // Mon Summer bank holiday
  "2018-12-25", // Tue Christmas Day
  "2018-12-26", // Wed Boxing Day
  // 2019
  "2019-01-01", // Tue New Year's Day
  "2019-04-19", // Fri Good Friday
  "2019-04-22", // Mon Easter Monday
  "2019-05-06", // Mon Early May bank holiday
  "2019-05-27", // Mon Spring bank holiday
  "2019-08-26", // Mon Summer bank holiday
  "2019-12-25", // Wed Christmas Day
  "2019-12-26", // Thu Boxing Day
  // 2020
  "2020-01-01", // Wed New Year's Day
  "2020-04-10", // Fri Good Friday
  "2020-04-13", // Mon Easter Monday
  "2020-05-08", // Fri Early May bank holiday (VE Day)
  "2020-05-25", // Mon Spring bank holiday
  "2020-08-31", // Mon Summer bank holiday
  "2020-12-25", // Fri Christmas Day
  "2020-12-28", // Mon Boxing Day (substitute day)
  // 2021
  "2021-01-01", // Fri New Year's Day
  "2021-04-02", // Fri Good Friday
  "2021-04-05", // Mon Easter Monday
  "2021-05-03", // Mon Early May bank holiday
  "2021-05-31", // Mon Spring bank holiday
  "2021-08-30", // Mon Summer bank holiday
  "2021-12-27", // Mon Christmas Day (substitute day)
  "2021-12-28", // Tue Boxing Day (substitute day)
  // 2022
  "2022-01-03", // Mon New Year's Day (substitute day)
  "2022-04-15", // Fri Good Friday
  "2022-04-18", // Mon Easter Monday
  "2022-05-02", // Mon Early May bank holiday
  "2022-06-02", // Thu Spring bank holiday
  "2022-06-03", // Fri Platinum Jubilee bank holiday
  "2022-08-29", // Mon Summer bank holiday
  "2022-09-19", // Mon State Funeral of Queen Elizabeth II
  "2022-12-26", // Mon Boxing Day
  "2022-12-27", // Tue Christmas Day (substitute day)
  // 2023
  "2023-01-02", // Mon New Year's Day (substitute day)
  "2023-04-07", // Fri Good Friday
  "2023-04-10", // Mon Easter Monday
  "2023-05-01", // Mon Early May bank holiday
  "2023-05-08", // Mon Bank holiday for the coronation of King Charles III
  "2023-05-29", // Mon Spring bank holiday
  "2023-08-28", // Mon Summer bank holiday
  "2023-12-25", // Mon Christmas Day
  "2023-12-26", // Tue Boxing Day
  // 2024
  "2024-01-01", // Mon New Year's Day
  "2024-03-29", // Fri Good Friday
  "2024-04-01", // Mon Easter Monday
  "2024-05-06", // Mon Early May bank holiday
  "2024-05-27", // Mon Spring bank holiday
  "2024-08-26", // Mon Summer bank holiday
  "2024-12-25", // Wed Christmas Day
  "2024-12-26", // Thu Boxing Day
  // 2025
  "2025-01-01", // Wed New Year's Day
  "2025-04-18", // Fri Good Friday
  "2025-04-21", // Mon Easter Monday
  "2025-05-05", // Mon Early May bank holiday
  "2025-05-26", // Mon Spring bank holiday
  "2025-08-25", // Mon Summer bank holiday
  "2025-12-25", // Thu Christmas Day
  "2025-12-26", // Fri Boxing Day
  // 2026
  "2026-01-01", // Thu New Year's Day
  "2026-04-03", // Fri Good Friday
  "2026-04-06", // Mon Easter Monday
  "2026-05-04", // Mon Early May bank holiday
  "2026-05-25", // Mon Spring bank holiday
  "2026-08-31", // Mon Summer bank holiday
  "2026-12-25", // Fri Christmas Day
  "2026-12-28", // Mon Boxing Day (substitute day)
  // 2027
  "2027-01-01", // Fri New Year's Day
  "2027-03-26", // Fri Good Friday
  "2027-03-29", // Mon Easter Monday
  "2027-05-03", // Mon Early May bank holiday
  "2027-05-31", // Mon Spring bank holiday
  "2027-08-30", // Mon Summer bank holiday
  "2027-12-27", // Mon Christmas Day (substitute day)
  "2027-12-28", // Tue Boxing Day (substitute day)
  // 2028
  "2028-01-03", // Mon New Year's Day (substitute day)
  "2028-04-14", // Fri Good Friday
  "2028-04-17", // Mon Easter Monday
  "2028-05-01", // Mon Early May bank holiday
  "2028-05-29", // Mon Spring bank holiday
  "2028-08-28", // Mon Summer bank holiday
  "2028-12-25", // Mon Christmas Day
  "2028-12-26", // Tue Boxing Day
  // 2029
  "2029-01-01", // Mon New Year's Day
  "2029-03-30", // Fri Good Friday
  "2029-04-02", // Mon Easter Monday
  "2029-05-07", // Mon Early May bank holiday
  "2029-05-28", // Mon Spring bank holiday
  "2029-08-27", // Mon Summer bank holiday
  "2029-12-25", // Tue Christmas Day
  "2029-12-26", // Wed Boxing Day
  // 2030
  "2030-01-01", // Tue New Year's Day
  "2030-04-19", // Fri Good Friday
  "2030-04-22", // Mon Easter Monday
  "2030-05-06", // Mon Early May bank holiday
  "2030-05-27", // Mon Spring bank holiday
  "2030-08-26", // Mon Summer bank holiday
  "2030-12-25", // Wed Christmas Day
  "2030-12-26", // Thu Boxing Day
]);

const BANK_HOLIDAY_SET: ReadonlySet<string> = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);

/** True if `date` (`YYYY-MM-DD`) is an England and Wales bank holiday. Does not check the table range. */
export function isBankHoliday(date: string): boolean {
  return BANK_HOLIDAY_SET.has(date);
}

/** True if the table covers the year of `date` (`YYYY-MM-DD`). */
export function isInBankHolidayTableRange(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return year >= BANK_HOLIDAY_TABLE_RANGE.first && year <= BANK_HOLIDAY_TABLE_RANGE.last;
}
