from django.contrib import admin

from jiesu.insight.models import ScoreWeights, SeasonalRule


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "basic_credit", "min_ranked", "updated_at"]

    def has_add_permission(self, request):
        return not ScoreWeights.objects.exists()


@admin.register(SeasonalRule)
class SeasonalRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "window", "enabled", "note"]
    list_editable = ["enabled"]
    autocomplete_fields = ["category"]
