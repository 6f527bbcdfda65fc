/**
 * A Jupyter kernel for Java whose class path is the pipeline: cells are JShell snippets evaluated
 * in the kernel's own JVM, so {@code import org.itbs.analysis.Analyse;} works and the value of a
 * cell's last expression is rendered from the object itself (a Tablesaw table as HTML, an SVG
 * string as an image, a {@link java.awt.image.RenderedImage} as PNG).
 *
 * <p>Public surface: {@link org.itbs.kernel.KernelMain} (the process Jupyter starts), {@link
 * org.itbs.kernel.KernelSpec} (writes the {@code kernel.json} that tells Jupyter how) and {@link
 * org.itbs.kernel.Display} (the {@code display(Object)} helper cells call). Evaluation and
 * rendering work without ZeroMQ; only {@code ItbsKernel} speaks the Jupyter protocol, through
 * jjava-jupyter.
 */
package org.itbs.kernel;
