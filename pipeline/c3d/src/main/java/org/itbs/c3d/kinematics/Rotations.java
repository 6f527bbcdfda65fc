package org.itbs.c3d.kinematics;

/**
 * Vectors (double[3]) and rotation matrices (double[3][3], row-major, whose columns are a segment's
 * x, y, z axes in the lab) as the model uses them, and the Cardan decomposition of its joint
 * angles.
 */
final class Rotations {
  private Rotations() {}

  static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  static double[] add(double[] a, double[] b) {
    return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
  }

  static double[] scale(double[] a, double s) {
    return new double[] {a[0] * s, a[1] * s, a[2] * s};
  }

  static double[] mid(double[] a, double[] b) {
    return new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2};
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double[] unit(double[] a) {
    double n = norm(a);
    return new double[] {a[0] / n, a[1] / n, a[2] / n};
  }

  /**
   * The right-handed frame whose y axis is along {@code y} and whose z axis is {@code zHint} made
   * orthogonal to y; x = y × z.
   */
  static double[][] frameYz(double[] y, double[] zHint) {
    double[] ey = unit(y);
    double[] ez = unit(sub(zHint, scale(ey, dot(zHint, ey))));
    double[] ex = cross(ey, ez);
    return columns(ex, ey, ez);
  }

  /**
   * The right-handed frame whose z axis is along {@code z} and x is {@code xHint} made orthogonal.
   */
  static double[][] frameZx(double[] z, double[] xHint) {
    double[] ez = unit(z);
    double[] ex = unit(sub(xHint, scale(ez, dot(xHint, ez))));
    double[] ey = cross(ez, ex);
    return columns(ex, ey, ez);
  }

  static double[][] columns(double[] x, double[] y, double[] z) {
    return new double[][] {{x[0], y[0], z[0]}, {x[1], y[1], z[1]}, {x[2], y[2], z[2]}};
  }

  static double[] column(double[][] r, int c) {
    return new double[] {r[0][c], r[1][c], r[2][c]};
  }

  static double[][] multiply(double[][] a, double[][] b) {
    double[][] c = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
      }
    }
    return c;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        t[i][j] = a[j][i];
      }
    }
    return t;
  }

  /** {@code r} applied to {@code v}. */
  static double[] apply(double[][] r, double[] v) {
    return new double[] {
      r[0][0] * v[0] + r[0][1] * v[1] + r[0][2] * v[2],
      r[1][0] * v[0] + r[1][1] * v[1] + r[1][2] * v[2],
      r[2][0] * v[0] + r[2][1] * v[1] + r[2][2] * v[2]
    };
  }

  /**
   * The Cardan angles of {@code r} = Rz(a)·Rx(b)·Ry(c), in degrees: {@code {a, b, c}}, a about the
   * proximal segment's z (flexion), b about the floating x axis (ab/adduction), c about the distal
   * segment's y (axial rotation): the joint coordinate system of Grood &amp; Suntay (1983) as Wu et
   * al. (2002) apply it with ISB axes (x anterior, y superior, z right).
   */
  static double[] cardanZxy(double[][] r) {
    double b = Math.asin(Math.max(-1, Math.min(1, r[2][1])));
    double a = Math.atan2(-r[0][1], r[1][1]);
    double c = Math.atan2(-r[2][0], r[2][2]);
    return new double[] {Math.toDegrees(a), Math.toDegrees(b), Math.toDegrees(c)};
  }

  /** Rz(a)·Rx(b)·Ry(c) for angles in degrees (the inverse of {@link #cardanZxy}). */
  static double[][] fromCardanZxy(double a, double b, double c) {
    double ca = Math.cos(Math.toRadians(a));
    double sa = Math.sin(Math.toRadians(a));
    double cb = Math.cos(Math.toRadians(b));
    double sb = Math.sin(Math.toRadians(b));
    double cc = Math.cos(Math.toRadians(c));
    double sc = Math.sin(Math.toRadians(c));
    double[][] rz = {{ca, -sa, 0}, {sa, ca, 0}, {0, 0, 1}};
    double[][] rx = {{1, 0, 0}, {0, cb, -sb}, {0, sb, cb}};
    double[][] ry = {{cc, 0, sc}, {0, 1, 0}, {-sc, 0, cc}};
    return multiply(rz, multiply(rx, ry));
  }

  /**
   * The rotation and translation that best map the points {@code local} (n × 3, a segment's markers
   * in its own frame) onto {@code lab} (n × 3, the same markers measured in the lab), in the
   * least-squares sense (the problem Söderkvist &amp; Wedin 1993 and Kabsch 1976 solve by a
   * singular value decomposition), solved in the equivalent closed form of Horn (1987): the unit
   * quaternion of the best rotation is the eigenvector of the largest eigenvalue of a symmetric 4 ×
   * 4 matrix built from the cross-dispersion of the two point sets, which is always a proper
   * rotation. Rows with a NaN are left out.
   *
   * @return {@code {R, t}} as {@code double[2][][]} (t in row 0 of the second), or null when fewer
   *     than 3 markers are present
   */
  static double[][][] rigidFit(double[][] local, double[][] lab) {
    int n = 0;
    double[] cl = new double[3];
    double[] cm = new double[3];
    for (int i = 0; i < local.length; i++) {
      if (present(lab[i]) && present(local[i])) {
        n++;
        for (int k = 0; k < 3; k++) {
          cl[k] += local[i][k];
          cm[k] += lab[i][k];
        }
      }
    }
    if (n < 3) {
      return null;
    }
    for (int k = 0; k < 3; k++) {
      cl[k] /= n;
      cm[k] /= n;
    }
    double[][] h = new double[3][3];
    for (int i = 0; i < local.length; i++) {
      if (present(lab[i]) && present(local[i])) {
        for (int r = 0; r < 3; r++) {
          for (int c = 0; c < 3; c++) {
            h[r][c] += (lab[i][r] - cm[r]) * (local[i][c] - cl[c]);
          }
        }
      }
    }
    // Horn (1987): the unit quaternion of the best rotation is the eigenvector of the largest
    // eigenvalue of N, built from S[a][b] = sum of local_a * lab_b.
    double sxx = h[0][0];
    double sxy = h[1][0];
    double sxz = h[2][0];
    double syx = h[0][1];
    double syy = h[1][1];
    double syz = h[2][1];
    double szx = h[0][2];
    double szy = h[1][2];
    double szz = h[2][2];
    double[][] nm = {
      {sxx + syy + szz, syz - szy, szx - sxz, sxy - syx},
      {syz - szy, sxx - syy - szz, sxy + syx, szx + sxz},
      {szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy},
      {sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz}
    };
    double[] q = largestEigenvector(nm);
    double q0 = q[0];
    double qx = q[1];
    double qy = q[2];
    double qz = q[3];
    double[][] r = {
      {q0 * q0 + qx * qx - qy * qy - qz * qz, 2 * (qx * qy - q0 * qz), 2 * (qx * qz + q0 * qy)},
      {2 * (qy * qx + q0 * qz), q0 * q0 - qx * qx + qy * qy - qz * qz, 2 * (qy * qz - q0 * qx)},
      {2 * (qz * qx - q0 * qy), 2 * (qz * qy + q0 * qx), q0 * q0 - qx * qx - qy * qy + qz * qz}
    };
    double[] t = sub(cm, apply(r, cl));
    return new double[][][] {r, {t}};
  }

  /** The unit eigenvector of the largest eigenvalue of a symmetric matrix (cyclic Jacobi). */
  static double[] largestEigenvector(double[][] sym) {
    int n = sym.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = sym[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < 50; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off < 1e-30) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (a[i][i] > a[best][best]) {
        best = i;
      }
    }
    double[] out = new double[n];
    double norm = 0;
    for (int k = 0; k < n; k++) {
      out[k] = v[k][best];
      norm += out[k] * out[k];
    }
    norm = Math.sqrt(norm);
    for (int k = 0; k < n; k++) {
      out[k] /= norm;
    }
    return out;
  }

  static double det(double[][] a) {
    return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
        - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
        + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  }

  static boolean present(double[] p) {
    return p != null && !Double.isNaN(p[0]) && !Double.isNaN(p[1]) && !Double.isNaN(p[2]);
  }
}
