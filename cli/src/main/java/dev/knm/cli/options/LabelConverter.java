package dev.knm.cli.options;

import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses one `--label key=value`; the label's syntax itself is checked by core. */
public final class LabelConverter implements ITypeConverter<Map.Entry<String, String>> {
  @Override
  public Map.Entry<String, String> convert(String value) {
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw new TypeConversionException("expected key=value, got '" + value + "'");
    }
    return Map.entry(value.substring(0, eq), value.substring(eq + 1));
  }
}
