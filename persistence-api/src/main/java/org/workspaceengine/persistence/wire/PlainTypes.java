package org.workspaceengine.persistence.wire;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which classes are plain records, read by {@link PlainRecordReader} without Jackson's databind, and what their
 * components hold. A plain record carries no annotation (nor do its components, constructors, methods and their
 * parameters, or the interfaces it implements, where Jackson also looks) and its components are {@code String},
 * {@code int}, {@code long}, {@code boolean}, {@code double}, their boxes, enums without annotations, plain records,
 * and {@code List<V>} or {@code Map<String, V>} of those.
 */
final class PlainTypes {

    /** Keys remembered per map component (a power of two). */
    private static final int KEY_CACHE_SIZE = 64;

    private PlainTypes() {
    }

    /** What a component holds. */
    enum Kind { STRING, INT, LONG, DOUBLE, BOOLEAN, ENUM, RECORD, LIST, MAP }

    /**
     * The type of a component, or of the elements of a list or the values of a map: its kind, whether it may be
     * {@code null} (all but primitives), what its elements are (a list, a map), its constants by name (an enum), its
     * class (a record), the keys it has met (a map).
     */
    record ValueType(Kind kind, boolean nullable, ValueType element, Map<String, Object> constants, Class<?> type,
                     String[] keys) {

        ValueType(Kind kind, boolean nullable) {
            this(kind, nullable, null, null, null, null);
        }
    }

    /** The reader of a record's class, null if it is not plain. */
    static PlainRecordReader readerOf(Class<?> type) {
        if (!type.isRecord() || type.getTypeParameters().length > 0 || annotated(type)) {
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        String[] names = new String[components.length];
        ValueType[] values = new ValueType[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            values[i] = valueType(components[i].getGenericType());
            parameterTypes[i] = components[i].getType();
            if (values[i] == null || components[i].getAnnotations().length > 0) {
                return null;
            }
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
            canonical.setAccessible(true);
            return new PlainRecordReader(names, values, canonical);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether a class, one of its constructors, fields, methods or their parameters, or an interface it implements
     * (where Jackson also looks) carries an annotation.
     */
    private static boolean annotated(Class<?> type) {
        List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
        elements.addAll(List.of(type.getDeclaredFields()));
        List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
        executables.addAll(List.of(type.getDeclaredMethods()));
        for (Executable executable : executables) {
            elements.add(executable);
            elements.addAll(List.of(executable.getParameters()));
        }
        for (AnnotatedElement element : elements) {
            if (element.getAnnotations().length > 0) {
                return true;
            }
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (annotated(implemented)) {
                return true;
            }
        }
        return false;
    }

    /** The type of a component's values, null if it is not one a plain record may hold. */
    private static ValueType valueType(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (parameterized.getRawType() == List.class) {
                ValueType element = valueType(arguments[0]);
                return element == null ? null : new ValueType(Kind.LIST, true, element, null, null, null);
            }
            if (parameterized.getRawType() == Map.class && arguments[0] == String.class) {
                ValueType element = valueType(arguments[1]);
                return element == null ? null
                        : new ValueType(Kind.MAP, true, element, null, null, new String[KEY_CACHE_SIZE]);
            }
            return null;
        }
        if (!(type instanceof Class<?> cls)) {
            return null;
        }
        if (cls == String.class) {
            return new ValueType(Kind.STRING, true);
        }
        Kind primitive = cls == int.class || cls == Integer.class ? Kind.INT
                : cls == long.class || cls == Long.class ? Kind.LONG
                : cls == double.class || cls == Double.class ? Kind.DOUBLE
                : cls == boolean.class || cls == Boolean.class ? Kind.BOOLEAN
                : null;
        if (primitive != null) {
            return new ValueType(primitive, !cls.isPrimitive());
        }
        if (cls.isEnum() && !annotated(cls)) {
            Map<String, Object> constants = new HashMap<>();
            for (Object constant : cls.getEnumConstants()) {
                constants.put(((Enum<?>) constant).name(), constant);
            }
            return new ValueType(Kind.ENUM, true, null, constants, null, null);
        }
        return cls.isRecord() ? new ValueType(Kind.RECORD, true, null, null, cls, null) : null;
    }
}
