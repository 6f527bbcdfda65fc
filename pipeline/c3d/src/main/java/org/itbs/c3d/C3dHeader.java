package org.itbs.c3d;

import java.util.List;

/**
 * The first 512-byte block of a C3D file as stored. The parameters override several of these fields
 * ({@code POINT:SCALE}, {@code POINT:RATE}, frame counts above 65535); {@link C3dFile} holds what
 * was finally used.
 *
 * @param parameterBlock 1-based block where the parameter section starts (word 1, first byte)
 * @param pointCount markers per frame (word 2)
 * @param analogPerFrame analog values per point frame, all channels × samples per frame (word 3)
 * @param firstFrame first frame number (word 4, unsigned)
 * @param lastFrame last frame number (word 5, unsigned; 65535 at most)
 * @param maxInterpolationGap largest gap interpolated, in frames (word 6)
 * @param scale point scale (words 7–8); negative for float data
 * @param dataBlock 1-based block where the data section starts (word 9)
 * @param analogSamplesPerFrame analog samples per channel per point frame (word 10)
 * @param frameRate point frames per second (words 11–12)
 * @param events the header's events (at most 18)
 */
public record C3dHeader(
    int parameterBlock,
    int pointCount,
    int analogPerFrame,
    int firstFrame,
    int lastFrame,
    int maxInterpolationGap,
    float scale,
    int dataBlock,
    int analogSamplesPerFrame,
    float frameRate,
    List<C3dEvent> events) {}
