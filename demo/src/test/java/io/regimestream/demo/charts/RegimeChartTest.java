package io.regimestream.demo.charts;

import io.regimestream.common.records.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegimeChartTest {

    @TempDir
    Path dir;

    @Test
    void drawsOnePanelPerMachineIntoAPng() throws Exception {
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            for (String m : List.of("press-01", "press-02")) {
                int regime = (i / 50) % 4;
                predictions.add(new Prediction(m, 1_764_213_600_000L + i * 1000L, 40 + 8 * regime + Math.sin(i),
                        regime, 0.99, new double[] {0.01, 0.99}, "v1", 0));
            }
        }
        Path png = dir.resolve("out/regimes.png");
        RegimeChart.render(predictions, 4, png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(260 * 2 + 120);
    }

    @Test
    void refusesToDrawNothing() {
        assertThatThrownBy(() -> RegimeChart.render(List.of(), 4, dir.resolve("x.png")))
                .hasMessageContaining("no predictions");
    }
}
