package io.regimestream.sql;

import io.regimestream.model.RegimeModel;

/**
 * Loads models with this jar's class loader as the thread's context class loader. JAXB (under
 * JPMML) finds its implementation through the context class loader; when the jar comes in with
 * {@code ADD JAR} the planner's thread has the application's, which cannot see it.
 */
final class ProviderClassLoader {

    private ProviderClassLoader() {}

    static RegimeModel load(String path) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ProviderClassLoader.class.getClassLoader());
        try {
            return RegimeModel.load(path);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
