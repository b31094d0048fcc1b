export { createNeed, getNeed, listNeeds, updateNeed, deleteNeed } from './need.service';
export { loadNeedIndex, type NeedIndex } from './need-index';
export { detectLanguage } from './detect-language';
