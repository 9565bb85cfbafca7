package dev.peerage.benchmarks.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain SVG line charts: axes, a few ticks, one coloured polyline per series and a legend. */
final class SvgChart {
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"
  };
  private static final int W = 640;
  private static final int H = 360;
  private static final int LEFT = 60;
  private static final int RIGHT = 160;
  private static final int TOP = 30;
  private static final int BOTTOM = 45;

  private SvgChart() {}

  static String render(String title, String xLabel, String yLabel, List<Double> x,
      Map<String, List<Double>> series) {
    double xMin = x.isEmpty() ? 0 : x.get(0);
    double xMax = x.isEmpty() ? 1 : x.get(x.size() - 1);
    if (xMax <= xMin) {
      xMax = xMin + 1;
    }
    double yMax = 0;
    for (List<Double> ys : series.values()) {
      for (double y : ys) {
        yMax = Math.max(yMax, y);
      }
    }
    yMax = yMax <= 0 ? 1 : yMax * 1.05;
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
            + " font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, H));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>%n", LEFT, escape(title)));
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP + plotH,
        LEFT + plotW, TOP + plotH));
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP, LEFT,
        TOP + plotH));
    for (int t = 0; t <= 4; t++) {
      double xv = xMin + (xMax - xMin) * t / 4;
      double yv = yMax * t / 4;
      int px = LEFT + plotW * t / 4;
      int py = TOP + plotH - plotH * t / 4;
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP + plotH + 15,
          tick(xv)));
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 4, py + 4, tick(yv)));
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", LEFT, py, LEFT + plotW,
          py));
    }
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + plotW / 2, H - 8,
        escape(xLabel)));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>%n",
        TOP + plotH / 2, TOP + plotH / 2, escape(yLabel)));
    int index = 0;
    for (Map.Entry<String, List<Double>> s : series.entrySet()) {
      String colour = COLOURS[index % COLOURS.length];
      StringBuilder points = new StringBuilder();
      List<Double> ys = s.getValue();
      for (int i = 0; i < Math.min(x.size(), ys.size()); i++) {
        double px = LEFT + (x.get(i) - xMin) / (xMax - xMin) * plotW;
        double py = TOP + plotH - ys.get(i) / yMax * plotH;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      }
      svg.append(String.format(Locale.ROOT,
          "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", colour,
          points.toString().trim()));
      int ly = TOP + 10 + index * 16;
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          W - RIGHT + 10, ly, W - RIGHT + 28, ly, colour));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", W - RIGHT + 32,
          ly + 4, escape(s.getKey())));
      index++;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String tick(double v) {
    return Math.abs(v) >= 100 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
