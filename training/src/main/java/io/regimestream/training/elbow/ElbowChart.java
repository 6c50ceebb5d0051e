package io.regimestream.training.elbow;

import io.regimestream.common.model.ModelMetadata.ElbowPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the elbow curve as a PNG with the chosen k marked. */
public final class ElbowChart {

    private ElbowChart() {}

    public static void write(Path png, List<ElbowPoint> curve, int chosenK, String subtitle) throws IOException {
        XYSeries series = new XYSeries("KMeans cost");
        curve.forEach(p -> series.add(p.k(), p.cost()));

        NumberAxis kAxis = new NumberAxis("k (number of clusters)");
        kAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis costAxis = new NumberAxis("cost (within-cluster sum of squared distances)");
        costAxis.setAutoRangeIncludesZero(true);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(31, 119, 180));
        renderer.setSeriesStroke(0, new BasicStroke(2f));

        XYPlot plot = new XYPlot(new XYSeriesCollection(series), kAxis, costAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        ValueMarker marker = new ValueMarker(
                chosenK,
                new Color(214, 39, 40),
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        marker.setLabel("chosen k = " + chosenK);
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        marker.setLabelPaint(new Color(214, 39, 40));
        plot.addDomainMarker(marker);

        JFreeChart chart = new JFreeChart("Elbow method", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 560);
    }
}
