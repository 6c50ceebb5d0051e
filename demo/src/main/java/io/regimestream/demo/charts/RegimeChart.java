package io.regimestream.demo.charts;

import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.Prediction;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * What the Grafana graph of the original <a href="https://datasciencechalktalk.com/2019/07/17/streaming-analysis-with-kafka-influxdb-and-grafana/">article</a> (V. Alto, "Streaming analysis with Kafka, InfluxDB and Grafana")
 * showed, as a picture: per machine, the temperature
 * (left axis) and the predicted regime (right axis, a step line) over time, drawn from the
 * predictions the job actually wrote.
 */
public final class RegimeChart {

    private static final Color TEMPERATURE = new Color(0x1f, 0x77, 0xb4);
    private static final Color REGIME = new Color(0xd6, 0x27, 0x28);

    private RegimeChart() {}

    /**
     * Writes a PNG with one panel per machine.
     *
     * @param regimes number of regimes (fixes the right axis to 0..k-1), or 0 to derive it
     * @throws IllegalArgumentException when there are no predictions to draw
     */
    public static void render(List<Prediction> predictions, int regimes, Path png) throws IOException {
        render(predictions, List.of(), regimes, png);
    }

    /**
     * As {@link #render(List, int, Path)}, with each machine's model-drift events as lines at the window's end: red
     * where drift was raised, green where it cleared.
     */
    public static void render(List<Prediction> predictions, List<ModelDrift> drift, int regimes, Path png)
            throws IOException {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("no predictions to draw");
        }
        int k = regimes > 0
                ? regimes
                : predictions.stream().mapToInt(Prediction::regime).max().orElse(0) + 1;
        Map<String, List<Prediction>> byMachine = new TreeMap<>();
        for (Prediction p : predictions) {
            byMachine
                    .computeIfAbsent(p.machineId(), m -> new java.util.ArrayList<>())
                    .add(p);
        }
        DateAxis time = new DateAxis("time");
        time.setTimeZone(TimeZone.getDefault());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        byMachine.forEach((machine, list) -> {
            XYPlot machinePlot = machinePlot(machine, list, k);
            drift.stream().filter(d -> machine.equals(d.machineId())).forEach(d -> {
                ValueMarker marker = new ValueMarker(
                        d.windowEnd(), d.cleared() ? new Color(0, 140, 0) : Color.RED, new BasicStroke(1.5f));
                marker.setLabel(d.cleared() ? "drift cleared" : "drift");
                machinePlot.addDomainMarker(marker);
            });
            plot.add(machinePlot, 1);
        });

        JFreeChart chart = new JFreeChart(
                "Temperature and predicted regime per machine", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1200, Math.max(400, 260 * byMachine.size() + 120));
    }

    private static XYPlot machinePlot(String machine, List<Prediction> predictions, int k) {
        predictions.sort(Comparator.comparingLong(Prediction::timestamp));
        TimeSeries temperature = new TimeSeries(machine + " temperature");
        TimeSeries regime = new TimeSeries(machine + " regime");
        for (Prediction p : predictions) {
            Millisecond t = new Millisecond(new Date(p.timestamp()));
            // Readings sharing a millisecond: keep the last, a chart cannot show both.
            temperature.addOrUpdate(t, p.temperature());
            regime.addOrUpdate(t, p.regime());
        }
        NumberAxis celsius = new NumberAxis(machine + "  °C");
        celsius.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(new TimeSeriesCollection(temperature), null, celsius, line(TEMPERATURE, 1.2f));

        NumberAxis regimeAxis = new NumberAxis("regime");
        regimeAxis.setRange(-0.5, k - 0.5);
        regimeAxis.setTickUnit(new NumberTickUnit(1));
        plot.setRangeAxis(1, regimeAxis);
        plot.setDataset(1, new TimeSeriesCollection(regime));
        plot.mapDatasetToRangeAxis(1, 1);
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, REGIME);
        step.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(1, step);
        plot.setBackgroundPaint(new Color(0xfa, 0xfa, 0xfa));
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static XYLineAndShapeRenderer line(Color color, float width) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, color);
        r.setSeriesStroke(0, new BasicStroke(width));
        return r;
    }
}
