package org.itbs.core.csv;

/**
 * One data record of a CSV file.
 *
 * @param line the 1-based line of the file on which the record starts (the header is line 1)
 * @param fields the fields as written, unquoted; an empty field is {@code ""}
 */
public record CsvRecord(long line, String[] fields) {}
