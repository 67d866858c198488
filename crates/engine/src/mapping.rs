//! The mapping format (docs/mapping.md): `MappingDoc` JSON as saved → `CompiledMapping`.
//! (Placeholder: lands in the mapping change.)
