// Generated from the EPCIS 2.0 JSON-LD context (https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld,
// as shipped in epcis-event-hash-generator 1.9.3): the properties whose values are vocabulary terms,
// and the terms each one defines. Do not edit by hand.
extension EPCISVocabulary {
    /// (enclosing property or "" at event level, property, IRI prefix, terms).
    static let scopedTerms: [(scope: String, property: String, prefix: String, terms: [String])] = [
        ("", "bizStep", "https://ref.gs1.org/cbv/BizStep-", [
            "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning",
            "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
            "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting", "installing",
            "killing", "loading", "other", "packing", "picking", "receiving", "removing", "repackaging",
            "repairing", "replacing", "reserving", "retail_selling", "sampling", "sensor_reporting", "shipping",
            "staging_outbound", "stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking",
            "void_shipping",
        ]),
        ("", "disposition", "https://ref.gs1.org/cbv/Disp-", [
            "active", "available", "completeness_verified", "completeness_inferred", "conformant",
            "container_closed", "container_open", "damaged", "destroyed", "dispensed", "disposed", "encoded",
            "expired", "in_progress", "in_transit", "inactive", "mismatch_instance", "mismatch_class",
            "mismatch_quantity", "needs_replacement", "no_pedigree_match", "non_conformant", "non_sellable_other",
            "partially_dispensed", "recalled", "reserved", "retail_sold", "returned", "sellable_accessible",
            "sellable_not_accessible", "stolen", "unavailable", "unknown",
        ]),
        ("sourceList", "type", "https://ref.gs1.org/cbv/SDT-", [
            "owning_party", "possessing_party", "location",
        ]),
        ("destinationList", "type", "https://ref.gs1.org/cbv/SDT-", [
            "owning_party", "possessing_party", "location",
        ]),
        ("bizTransactionList", "type", "https://ref.gs1.org/cbv/BTT-", [
            "bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd",
            "testres", "upevt",
        ]),
        ("sensorReport", "type", "https://gs1.org/voc/", [
            "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude",
            "AmountOfSubstance", "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration",
            "AngularMomentum", "AngularVelocity", "Area", "Capacitance", "Conductance", "Conductivity", "Count",
            "Density", "Dimensionless", "DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity",
            "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity", "ElectricFieldStrength", "Energy",
            "Exposure", "Force", "Frequency", "Illuminance", "Inductance", "Irradiance", "KinematicViscosity",
            "Length", "LinearMomentum", "Luminance", "LuminousFlux", "LuminousIntensity", "MagneticFlux",
            "MagneticFluxDensity", "MagneticVectorPotential", "Mass", "MassConcentration", "MassFlowRate",
            "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass", "MolarVolume",
            "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance",
            "Resistivity", "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension",
            "Temperature", "Time", "Torque", "Voltage", "Volume", "VolumeFlowRate", "VolumeFraction",
            "VolumetricFlux", "Wavenumber",
        ]),
        ("sensorReport", "exception", "https://gs1.org/voc/", [
            "ALARM_CONDITION", "ERROR_CONDITION",
        ]),
        ("sensorReport", "component", "https://ref.gs1.org/cbv/Comp-", [
            "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle",
            "elevation_angle", "easting", "northing", "latitude", "longitude", "altitude",
        ]),
        ("errorDeclaration", "reason", "https://ref.gs1.org/cbv/ER-", [
            "did_not_occur", "incorrect_data",
        ]),
    ]
}
