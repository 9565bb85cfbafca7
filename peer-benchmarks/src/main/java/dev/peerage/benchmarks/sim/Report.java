package dev.peerage.benchmarks.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a scenario prints: markdown text and tables, and SVG charts by file name. Not thread-safe. */
final class Report {
  private final StringBuilder text = new StringBuilder();
  private final Map<String, String> charts = new LinkedHashMap<>();

  Report heading(String title) {
    text.append("\n### ").append(title).append("\n\n");
    return this;
  }

  Report line(String line) {
    text.append(line).append('\n');
    return this;
  }

  Report table(List<String> header, List<List<String>> rows) {
    text.append('|').append(String.join("|", header)).append("|\n|");
    for (int i = 0; i < header.size(); i++) {
      text.append("---|");
    }
    text.append('\n');
    for (List<String> row : rows) {
      text.append('|').append(String.join("|", row)).append("|\n");
    }
    text.append('\n');
    return this;
  }

  static String f(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String pct(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** Adds a line chart: one polyline per series over a shared x axis. */
  Report chart(String file, String title, String xLabel, String yLabel, List<Double> x,
      Map<String, List<Double>> series) {
    charts.put(file, SvgChart.render(title, xLabel, yLabel, x, series));
    text.append("![").append(title).append("](").append(file).append(")\n\n");
    return this;
  }

  Map<String, String> charts() {
    return charts;
  }

  String text() {
    return text.toString();
  }

  void writeCharts(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, String> chart : charts.entrySet()) {
      Files.writeString(dir.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
    }
  }

  static List<String> row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    return row;
  }
}
