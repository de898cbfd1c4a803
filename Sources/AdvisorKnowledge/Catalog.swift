/// The intent ids every knowledge base must define (the project's intent catalog).
public enum Catalog {
    public static let requiredIntentIDs: [String] = [
        "program.overview", "program.vs_general_mba", "program.why_engineers", "program.skills",
        "curriculum.overview", "curriculum.operations", "curriculum.lean", "curriculum.industry40",
        "curriculum.plant_project",
        "roles.overview", "roles.operations_manager", "roles.plant_manager", "roles.supply_chain_manager",
        "roles.consultant", "career.perception", "career.advancement",
        "industry40.overview", "industry40.smart_factory", "industry40.ai_quality", "industry40.automation",
        "industry40.digital_supply_chain",
        "india.outlook", "india.sectors",
        "fit.who_for", "fit.assess",
        "chat.greeting", "chat.goodbye", "chat.thanks", "chat.help", "chat.more", "chat.source",
        "info.unknown", "fallback",
    ]
}
