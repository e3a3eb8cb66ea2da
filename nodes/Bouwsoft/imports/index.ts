import type { ImportCategory } from '../../shared/types';
import { assignments } from './assignments';
import { employees } from './employees';
import { hourTypes } from './hourTypes';
import { materialCategories } from './materialCategories';
import { materials } from './materials';
import { projects } from './projects';
import { relations } from './relations';
import type { CategoryModule } from './types';
import { warehouses } from './warehouses';

const CATEGORY_MODULES: Record<ImportCategory, CategoryModule> = {
	employees,
	materials,
	categories: materialCategories,
	warehouses,
	hourTypes,
	relations,
	projects,
	assignments,
};

export function categoryModule(category: string): CategoryModule | undefined {
	return (CATEGORY_MODULES as Record<string, CategoryModule | undefined>)[category];
}
