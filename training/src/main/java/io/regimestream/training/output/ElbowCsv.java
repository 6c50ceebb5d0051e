package io.regimestream.training.output;

import io.regimestream.common.model.ModelMetadata.ElbowPoint;
import java.util.List;
import java.util.Locale;

/** elbow.csv: one line per k tried. */
public final class ElbowCsv {

    private ElbowCsv() {}

    public static String of(List<ElbowPoint> curve, int chosenK) {
        StringBuilder csv = new StringBuilder("k,cost,chosen\n");
        for (ElbowPoint p : curve) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%s%n", p.k(), p.cost(), p.k() == chosenK));
        }
        return csv.toString();
    }
}
