/**
 * The clinic side of the flow: turns a cef-1 clinic export into an anonymised cef-1-submission
 * before anything leaves the clinic. {@link org.itbs.contribute.ClinicKey} is the clinic's secret,
 * {@link org.itbs.contribute.Pseudonymiser} derives a runner's pseudonym and date shift from it,
 * and {@link org.itbs.contribute.Contributor} writes the submission with its {@link
 * org.itbs.core.submission.SubmissionManifest}. No Spark: this runs on a clinic laptop.
 */
package org.itbs.contribute;
