/**
 * Synthetic multi-site cohorts in the cef-1 clinic export format, for testing and demonstrating the
 * pipeline: {@link org.itbs.synth.CohortGenerator#generate} writes one folder per site, {@code
 * truth.json} with the true effects and, for a messy export, {@code faults.json}. Pure Java, no
 * Spark; the {@code itbs generate} command is a thin wrapper.
 *
 * <h2>Which published figure drives which parameter (shared/literature.md)</h2>
 *
 * <ul>
 *   <li>Hip abductor torque: Ramskov et al. 2014, {@code 1.600 − 0.005·age + 0.215·male} N·m/kg, SD
 *       0.354 (the runner's mean of L and R; each site adds a dynamometer offset, SD 0.05).
 *   <li>Peak contralateral pelvic drop 4.0 ± 2.0° and peak hip adduction 10 ± 3.5°: Bramah et al.
 *       2018 controls (3.7 ± 1.9°, 9.7 ± 3.5°), as the cohort is mostly runners who stay uninjured;
 *       sites add marker-protocol offsets (SD 0.4° and 0.8°).
 *   <li>Onset effects (per SD): pelvic drop +0.35 (Bramah 2018, OR 1.87 per degree in a
 *       case-control design, taken smaller prospectively), hip adduction +0.25 (Noehren 2007),
 *       abductor strength −0.30 (Fredericson 2000), women +0.20 (Taunton 2002: 105 of 1,076 vs 63
 *       of 926 injuries), prior ITBS +1.10; see {@code Covariate}.
 *   <li>ITBS share of injuries 5–14 % (van der Worp 2012; Taunton 2002 8.4 %): other injuries at
 *       0.85 per runner-year, diagnoses in Taunton's order, give about 10 %.
 *   <li>About 15 % of runners with an ITBS onset over follow-up (Noehren 2007, cohort-a): the
 *       baseline hazard is solved for it after the covariates are known.
 *   <li>Prior ITBS 10–15 % per site; lunge 11 ± 3.3 cm on the 0–25 cm test (1 cm ≈ 3.6°).
 *   <li>Recurrence: no figure in print; per the clinical observation, the hazard rises with the
 *       acute:chronic workload ratio (+0.90 per unit) and falls with maintenance sessions (−0.25
 *       per session a week, mean of the four weeks before); after an episode 55 % of runners stop
 *       maintenance 2–16 weeks after returning while their volume ramps back (Fredericson 2000: no
 *       recurrence at six months while strengthening).
 *   <li>Gait at 200 Hz: stance about 0.25 s, stride about 0.70 s, one session and one 2.05 s trial
 *       per runner by default, 820 frames, as in the reference cohort-a; knee flexion passes 30° in
 *       early stance (Fairclough 2006).
 * </ul>
 *
 * <p>The hazards act on the covariates as analysis plan v1 derives them from the written files, so
 * a Cox model fitted per the plan recovers the onset effects; see {@code Hazards} for the models
 * and {@code truth.json} for the definitions and what R1 is expected to estimate.
 */
package org.itbs.synth;
