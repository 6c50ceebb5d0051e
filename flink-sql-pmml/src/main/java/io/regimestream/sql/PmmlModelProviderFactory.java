package io.regimestream.sql;

import io.regimestream.model.ModelException;
import io.regimestream.model.RegimeModel;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;

/**
 * {@code 'provider' = 'pmml'}: scores ML_PREDICT with a regime model inside the job, loaded and
 * checked as the DataStream job does ({@link RegimeModel}).
 *
 * <p>Everything that can be wrong with the model or the declared columns is found here, at
 * planning time, so a bad {@code CREATE MODEL} fails before a job is submitted.
 */
public final class PmmlModelProviderFactory implements ModelProviderFactory {

    public static final String IDENTIFIER = "pmml";

    public static final ConfigOption<String> PATH = ConfigOptions.key("path")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "The PMML file (path or URI that Flink's file systems read, e.g. file:///models/model.pmml); "
                            + "its model.json next to it, when present, is checked as the job checks it.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper = FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validate(); // unknown options and a missing 'path', with Flink's own message
        String path = helper.getOptions().get(PATH);
        String model = context.getObjectIdentifier().asSummaryString();

        RegimeModel regimeModel;
        try {
            regimeModel = ProviderClassLoader.load(path);
        } catch (ModelException e) {
            throw new ValidationException("Model " + model + " ('provider' = 'pmml'): " + e.getMessage(), e);
        }
        PredictColumns columns = PredictColumns.of(model, context.getCatalogModel(), regimeModel);
        return new PmmlPredictRuntimeProvider(path, columns);
    }
}
