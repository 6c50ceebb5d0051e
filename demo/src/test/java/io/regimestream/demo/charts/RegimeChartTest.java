package io.regimestream.demo.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.Prediction;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegimeChartTest {

    @TempDir
    Path dir;

    @Test
    void drawsOnePanelPerMachineIntoAPng() throws Exception {
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            for (String m : List.of("press-01", "press-02")) {
                int regime = (i / 50) % 4;
                predictions.add(new Prediction(
                        m,
                        1_764_213_600_000L + i * 1000L,
                        40 + 8 * regime + Math.sin(i),
                        regime,
                        0.99,
                        new double[] {0.01, 0.99},
                        "v1",
                        0));
            }
        }
        Path png = dir.resolve("out/regimes.png");
        RegimeChart.render(predictions, 4, png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(260 * 2 + 120);
    }

    @Test
    void marksEachMachinesDriftEventsWithARedLine() throws Exception {
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            predictions.add(new Prediction(
                    "press-01",
                    1_764_213_600_000L + i * 1000L,
                    40 + Math.sin(i),
                    0,
                    0.99,
                    new double[] {0.99, 0.01},
                    "v1",
                    0));
        }
        ModelDrift drift = new ModelDrift(
                "press-01",
                "1/1",
                1_764_213_600_000L,
                1_764_213_750_000L,
                150,
                3.4,
                0.6,
                0.1,
                null,
                true,
                true,
                0.2,
                0.05,
                "v1",
                false);
        Path without = dir.resolve("without.png");
        Path with = dir.resolve("with.png");
        RegimeChart.render(predictions, 4, without);
        RegimeChart.render(predictions, List.of(drift), 4, with);

        assertThat(redPixels(ImageIO.read(without.toFile()))).isZero();
        assertThat(redPixels(ImageIO.read(with.toFile()))).isGreaterThan(100); // a vertical line through the panel
    }

    private static int redPixels(BufferedImage image) {
        int red = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb =
                        image.getRGB(x, y); // the marker's red over the plot's background; the regime line is 0xd62728
                if ((rgb >> 16 & 0xff) >= 240 && (rgb >> 8 & 0xff) <= 90 && (rgb & 0xff) <= 90) {
                    red++;
                }
            }
        }
        return red;
    }

    @Test
    void refusesToDrawNothing() {
        assertThatThrownBy(() -> RegimeChart.render(List.of(), 4, dir.resolve("x.png")))
                .hasMessageContaining("no predictions");
    }
}
